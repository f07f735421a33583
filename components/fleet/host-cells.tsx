import type { LucideIcon } from "lucide-react";
import Link from "next/link";
import { Badge, BadgeDot } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import type { HostView } from "@/lib/protocol/browser";
import { deviceTypeLabel, locationLabel, platformLabel, safeThemeColor } from "@/lib/ui/host-labels";
import { DEVICE_TYPE_ICONS, LOCATION_ICONS, PLATFORM_ICONS } from "./host-icons";

/** The pieces of a host row; each takes the host and shows one fact. */

export interface HostCellProps {
  host: HostView;
}

function IconText({ icon: Icon, children, title }: { icon: LucideIcon; children: React.ReactNode; title?: string }) {
  return (
    <span className="flex min-w-0 items-center gap-1.5 text-muted-foreground" title={title}>
      <Icon aria-hidden className="size-3.5 shrink-0 opacity-80" />
      <span className="truncate text-foreground/90">{children}</span>
    </span>
  );
}

/** The host's theme colour as a dot (with a ring, so white or black stay visible in both themes), then its name, linking to its page. */
export function HostNameCell({ host }: HostCellProps) {
  const color = safeThemeColor(host.themeColor);
  return (
    <span className="flex min-w-0 items-center gap-2.5">
      <span
        aria-hidden
        className="size-2.5 shrink-0 rounded-full bg-unknown ring-1 ring-black/20 ring-inset dark:ring-white/40"
        style={color ? { backgroundColor: color } : undefined}
      />
      <Link
        href={`/hosts/${encodeURIComponent(host.name)}`}
        prefetch={false}
        className="truncate rounded-sm font-medium text-foreground outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
        title={host.name}
      >
        {host.name}
      </Link>
    </span>
  );
}

/** "Online" or "Offline" (exactly: tests look for these words), then when the host was last heard from. */
export function HostStatusCell({ host }: HostCellProps) {
  return (
    <span className="flex items-center gap-2">
      {host.online ? (
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
      <span className="text-xs text-muted-foreground">
        <span className="sr-only">last seen </span>
        <RelativeTime timestamp={host.lastSeenAt} />
      </span>
    </span>
  );
}

export function HostLocationCell({ host }: HostCellProps) {
  return <IconText icon={LOCATION_ICONS[host.location] ?? LOCATION_ICONS.other}>{locationLabel(host.location)}</IconText>;
}

export function HostDeviceTypeCell({ host }: HostCellProps) {
  return (
    <IconText icon={DEVICE_TYPE_ICONS[host.deviceType] ?? DEVICE_TYPE_ICONS.other}>
      {deviceTypeLabel(host.deviceType)}
    </IconText>
  );
}

export function HostPlatformCell({ host }: HostCellProps) {
  const details = [host.osVersion && `${platformLabel(host.platform)} ${host.osVersion}`, host.nixpkgsVersion && `nixpkgs ${host.nixpkgsVersion}`]
    .filter(Boolean)
    .join(" · ");
  return (
    <IconText icon={PLATFORM_ICONS[host.platform] ?? PLATFORM_ICONS.nixos} title={details || undefined}>
      {platformLabel(host.platform)}
      {host.osVersion && (
        <>
          {" "}
          <span className="ml-1 font-mono text-xs text-muted-foreground">{host.osVersion}</span>
        </>
      )}
    </IconText>
  );
}

export function HostAgentVersionCell({ host }: HostCellProps) {
  return (
    <span className="flex min-w-0 items-baseline gap-1 text-muted-foreground" title="Agent version">
      <span className="text-xs md:hidden">agent</span>
      <span className="truncate font-mono text-xs text-foreground/90">{host.agentVersion || "–"}</span>
    </span>
  );
}
