import {
  AppleIcon,
  Building2Icon,
  CloudIcon,
  CpuIcon,
  Gamepad2Icon,
  HouseIcon,
  LaptopIcon,
  MapPinIcon,
  MonitorIcon,
  ServerIcon,
  SnowflakeIcon,
  type LucideIcon,
} from "lucide-react";
import type { HostView } from "@/lib/protocol/browser";

export const LOCATION_ICONS: Record<HostView["location"], LucideIcon> = {
  cloud: CloudIcon,
  home: HouseIcon,
  work: Building2Icon,
  other: MapPinIcon,
};

export const DEVICE_TYPE_ICONS: Record<HostView["deviceType"], LucideIcon> = {
  server: ServerIcon,
  desktop: MonitorIcon,
  laptop: LaptopIcon,
  gaming: Gamepad2Icon,
  other: CpuIcon,
};

export const PLATFORM_ICONS: Record<HostView["platform"], LucideIcon> = {
  nixos: SnowflakeIcon,
  darwin: AppleIcon,
};
