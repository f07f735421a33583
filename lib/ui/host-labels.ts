import type { HostView } from "@/lib/protocol/browser";
import { formatDuration } from "./command-labels";

type Platform = HostView["platform"];
type Location = HostView["location"];
type DeviceType = HostView["deviceType"];

/** Words for the values agents report, as the dashboard shows them. */

const PLATFORM_LABELS: Record<Platform, string> = { nixos: "NixOS", darwin: "nix-darwin", "home-manager": "Home Manager" };
const REPO_URL_SOURCE_LABELS: Record<NonNullable<HostView["repoUrlSource"]>, string> = {
  option: "set in the agent's options",
  "fleet-target": "from the fleet target (version.json)",
  checkout: "from the origin of the host's configuration checkout",
  clone: "from the agent's own clone (an earlier run)",
  none: "none found: set repoUrl in the agent's options",
};
const LOCATION_LABELS: Record<Location, string> = { cloud: "Cloud", home: "Home", work: "Work", other: "Other" };
const DEVICE_TYPE_LABELS: Record<DeviceType, string> = {
  server: "Server",
  desktop: "Desktop",
  laptop: "Laptop",
  gaming: "Gaming",
  other: "Other",
};

export function platformLabel(platform: Platform): string {
  return PLATFORM_LABELS[platform] ?? platform;
}

/** Where the agent took its repository URL from, in words; null when it did not say. */
export function repoUrlSourceLabel(source: HostView["repoUrlSource"]): string | null {
  return source === null ? null : (REPO_URL_SOURCE_LABELS[source] ?? null);
}

export function locationLabel(location: Location): string {
  return LOCATION_LABELS[location] ?? location;
}

export function deviceTypeLabel(deviceType: DeviceType): string {
  return DEVICE_TYPE_LABELS[deviceType] ?? deviceType;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** A host's theme colour when it is a valid #rrggbb, else null (the row falls back to a neutral dot). */
export function safeThemeColor(color: string | null | undefined): string | null {
  return color && HEX_COLOR.test(color) ? color : null;
}

/** The host name rule of the protocol (hostNameSchema), kept here so forms need no schema library. */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Why a typed host name cannot be used, or null when it can. */
export function hostNameProblem(name: string): string | null {
  if (name.length === 0) return "Enter the host's name.";
  if (name.length > 63) return "At most 63 characters.";
  return HOST_NAME.test(name) ? null : "Letters, digits, - and _ only, starting with a letter or digit.";
}

/** A skew below this is the round trip of a command's start, or a clock a little off: no warning. */
const CLOCK_SKEW_WARNING_MS = 60_000;
const DAY_MS = 24 * 3_600_000;

/** "clock 365 d ahead of the dashboard's" for a host whose clock is wrong enough to matter, else null. */
export function clockSkewWarning(clockSkewMs: number | null): string | null {
  if (clockSkewMs === null || Math.abs(clockSkewMs) < CLOCK_SKEW_WARNING_MS) return null;
  const size = Math.abs(clockSkewMs);
  const amount = size >= DAY_MS ? `${Math.floor(size / DAY_MS)} d` : formatDuration(size);
  return `clock ${amount} ${clockSkewMs > 0 ? "ahead of" : "behind"} the dashboard's`;
}
