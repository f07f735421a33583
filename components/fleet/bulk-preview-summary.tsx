import type { HostView } from "@/lib/protocol/browser";
import { previewCountsText } from "@/lib/protocol/preview-format";
import { currentPreview } from "@/lib/ui/preview-state";

const SHOWN = 6;

/**
 * In the bulk Switch sheet: what the switch would change on each host that has a preview of the
 * system it would switch to (counts; the lists are on each host's page), and how many have none.
 */
export function BulkPreviewSummary({ hosts }: { hosts: readonly HostView[] }) {
  const previewed = hosts.flatMap((host) => {
    const preview = currentPreview(host);
    return preview ? [{ name: host.name, preview }] : [];
  });
  const without = hosts.length - previewed.length;
  return (
    <div data-bulk-previews className="flex flex-col gap-1.5 text-sm">
      {previewed.length > 0 && (
        <>
          <p className="font-medium">What would change</p>
          <ul className="flex flex-col gap-1">
            {previewed.slice(0, SHOWN).map(({ name, preview }) => (
              <li key={name} className="min-w-0 text-xs">
                <span className="font-medium">{name}</span>
                <span className="text-muted-foreground"> · {previewCountsText(preview.counts)}</span>
              </li>
            ))}
          </ul>
          {previewed.length > SHOWN && <p className="text-xs text-muted-foreground">and {previewed.length - SHOWN} more hosts with a preview</p>}
        </>
      )}
      {without > 0 && (
        <p className="text-xs text-muted-foreground">
          {without === 1 ? "1 host has" : `${without} hosts have`} no preview of the system it would switch to (run Preview first to see it).
        </p>
      )}
    </div>
  );
}
