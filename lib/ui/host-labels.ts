import type { HostView } from "@/lib/protocol/browser";

type Platform = HostView["platform"];
type Location = HostView["location"];
type DeviceType = HostView["deviceType"];

/** Words for the values agents report, as the dashboard shows them. */

const PLATFORM_LABELS: Record<Platform, string> = { nixos: "NixOS", darwin: "macOS" };
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
