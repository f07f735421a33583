import type { HostView, Indicator } from "@/lib/protocol/browser";
import type { PreviewSummary } from "@/lib/protocol/preview";

type PreviewHost = Pick<HostView, "lastPreview" | "desiredSystem">;

/**
 * The host's latest preview if it describes the next switch: it built the system the host's
 * repository evaluates to now. After a pull that changed the configuration it is out of date.
 */
export function currentPreview(host: PreviewHost): PreviewSummary | null {
  const preview = host.lastPreview;
  return preview !== null && host.desiredSystem !== null && preview.desiredSystem === host.desiredSystem ? preview : null;
}

/** S says a rebuild would change the system: the preview shows what. */
export function opensPreview(indicator: Pick<Indicator, "letter" | "color">): boolean {
  return indicator.letter === "S" && indicator.color === "yellow";
}

/** Where the host page shows the preview (the S indicator and the Checks link there). */
export function previewHref(name: string): string {
  return `/hosts/${encodeURIComponent(name)}#preview`;
}
