import type { SpriteIconName } from "@/components/ui/icon-sprite";
import type { HostView } from "@/lib/protocol/browser";

export const LOCATION_ICONS: Record<HostView["location"], SpriteIconName> = {
  cloud: "cloud",
  home: "home",
  work: "work",
  other: "location-other",
};

export const DEVICE_TYPE_ICONS: Record<HostView["deviceType"], SpriteIconName> = {
  server: "server",
  desktop: "desktop",
  laptop: "laptop",
  gaming: "gaming",
  other: "device-other",
};

export const PLATFORM_ICONS: Record<HostView["platform"], SpriteIconName> = {
  nixos: "nixos",
  darwin: "darwin",
  "home-manager": "home-manager",
};
