import Link from "next/link";
import { memo, type ReactNode } from "react";
import { Badge, BadgeDot } from "@/components/ui/badge";
import { SpriteIcon, type SpriteIconName } from "@/components/ui/icon-sprite";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HostView } from "@/lib/protocol/browser";
import { deviceTypeLabel, locationLabel, platformLabel, safeThemeColor } from "@/lib/ui/host-labels";
import { DEVICE_TYPE_ICONS, LOCATION_ICONS, PLATFORM_ICONS } from "./host-icons";

/**
 * The pieces of a host row. Each takes only the fields it shows and is memoised, so a heartbeat
 * (a new `lastSeenAt`) re-renders the status cell of its row and nothing else.
 */

function IconText({ icon, children, title }: { icon: SpriteIconName; children: ReactNode; title?: string }) {
  return (
    <span className="flex min-w-0 items-center gap-1.5 text-muted-foreground" title={title}>
      <SpriteIcon name={icon} className="size-3.5 opacity-80" />
      <span className="truncate text-foreground/90">{children}</span>
    </span>
  );
}

/**
 * The host's theme colour as a dot (with a ring, so white or black stay visible in both themes), then its name, linking to its
 * page, then its tags.
 */
export const HostNameCell = memo(function HostNameCell({ name, themeColor, tags }: Pick<HostView, "name" | "themeColor" | "tags">) {
  const color = safeThemeColor(themeColor);
  return (
    <span className="flex min-w-0 items-center gap-2.5">
      <span
        aria-hidden
        className="size-2.5 shrink-0 rounded-full bg-unknown ring-1 ring-black/20 ring-inset dark:ring-white/40"
        style={color ? { backgroundColor: color } : undefined}
      />
      <Link
        href={`/hosts/${encodeURIComponent(name)}`}
        prefetch={false}
        className="truncate rounded-sm font-medium text-foreground outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
        title={name}
      >
        {name}
      </Link>
      {tags.length > 0 && (
        <span className="truncate text-xs text-muted-foreground" title={tags.join(", ")}>
          <span className="sr-only">tags: </span>
          {tags.map((tag) => `#${tag}`).join(" ")}
        </span>
      )}
    </span>
  );
});

/**
 * "Online" or "Offline" (exactly: tests look for these words). An offline host says when it was
 * last heard from; an online one heartbeats all the time, so the fleet table leaves out a label
 * that would tick every second on every row (the host page shows it).
 */
export const HostStatusCell = memo(function HostStatusCell({
  online,
  lastSeenAt,
}: {
  online: boolean;
  /** When to say the host was last heard from; null leaves it out. */
  lastSeenAt: number | null;
}) {
  return (
    <span className="flex items-center gap-2">
      {online ? (
        <Badge variant="success">
          <BadgeDot />
          Online
        </Badge>
      ) : (
        <Badge variant="muted">
          <BadgeDot />
          Offline
        </Badge>
      )}
      {lastSeenAt !== null && (
        <span className="text-xs text-muted-foreground">
          <span className="sr-only">last seen </span>
          <RelativeTime timestamp={lastSeenAt} />
        </span>
      )}
    </span>
  );
});

export const HostLocationCell = memo(function HostLocationCell({ location }: Pick<HostView, "location">) {
  return <IconText icon={LOCATION_ICONS[location] ?? LOCATION_ICONS.other}>{locationLabel(location)}</IconText>;
});

export const HostDeviceTypeCell = memo(function HostDeviceTypeCell({ deviceType }: Pick<HostView, "deviceType">) {
  return <IconText icon={DEVICE_TYPE_ICONS[deviceType] ?? DEVICE_TYPE_ICONS.other}>{deviceTypeLabel(deviceType)}</IconText>;
});

export const HostPlatformCell = memo(function HostPlatformCell({
  platform,
  osVersion,
  nixpkgsVersion,
}: Pick<HostView, "platform" | "osVersion" | "nixpkgsVersion">) {
  const details = [osVersion && `${platformLabel(platform)} ${osVersion}`, nixpkgsVersion && `nixpkgs ${nixpkgsVersion}`]
    .filter(Boolean)
    .join(" · ");
  return (
    <IconText icon={PLATFORM_ICONS[platform] ?? PLATFORM_ICONS.nixos} title={details || undefined}>
      {platformLabel(platform)}
      {osVersion && (
        <>
          {" "}
          <span className="ml-1 font-mono text-xs text-muted-foreground">{osVersion}</span>
        </>
      )}
    </IconText>
  );
});

export const HostAgentVersionCell = memo(function HostAgentVersionCell({ agentVersion }: Pick<HostView, "agentVersion">) {
  return (
    <span className="flex min-w-0 items-baseline gap-1 text-muted-foreground" title="Agent version">
      <span className="text-xs lg:hidden">agent</span>
      <span className="truncate font-mono text-xs text-foreground/90">{agentVersion || "–"}</span>
    </span>
  );
});
