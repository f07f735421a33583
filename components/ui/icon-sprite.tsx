import {
  AppleIcon,
  ArrowDownToLineIcon,
  Building2Icon,
  CircleAlertIcon,
  CircleCheckIcon,
  CircleMinusIcon,
  CircleUserRoundIcon,
  CloudIcon,
  CpuIcon,
  FileDiffIcon,
  FlaskConicalIcon,
  Gamepad2Icon,
  HouseIcon,
  LaptopIcon,
  LoaderCircleIcon,
  MapPinIcon,
  MonitorIcon,
  RefreshCwIcon,
  RotateCcwIcon,
  ServerIcon,
  SnowflakeIcon,
  SquareIcon,
  WorkflowIcon,
  type LucideIcon,
} from "lucide-react";
import { cn } from "@/lib/ui/cn";

/**
 * The icons a fleet row repeats. Each is drawn once in the page, as a <symbol>, and rows point at
 * it with <use>: two elements per icon instead of a whole SVG tree, which a thousand rows feel.
 */
const SPRITE_ICONS = {
  pull: ArrowDownToLineIcon,
  switch: RefreshCwIcon,
  "pull-switch": WorkflowIcon,
  test: FlaskConicalIcon,
  preview: FileDiffIcon,
  rollback: RotateCcwIcon,
  stop: SquareIcon,
  cloud: CloudIcon,
  home: HouseIcon,
  work: Building2Icon,
  "location-other": MapPinIcon,
  server: ServerIcon,
  desktop: MonitorIcon,
  laptop: LaptopIcon,
  gaming: Gamepad2Icon,
  "device-other": CpuIcon,
  nixos: SnowflakeIcon,
  darwin: AppleIcon,
  "home-manager": CircleUserRoundIcon,
  working: LoaderCircleIcon,
  ok: CircleCheckIcon,
  problem: CircleAlertIcon,
  ended: CircleMinusIcon,
} satisfies Record<string, LucideIcon>;

export type SpriteIconName = keyof typeof SPRITE_ICONS | "stop-filled";

const symbolId = (name: SpriteIconName) => `nf-icon-${name}`;

/** The page's symbols; render once, above anything that uses <SpriteIcon>. */
export function IconSprite() {
  return (
    <svg aria-hidden width="0" height="0" className="absolute size-0 overflow-hidden">
      <defs>
        {Object.entries(SPRITE_ICONS).map(([name, Icon]) => (
          <symbol key={name} id={symbolId(name as SpriteIconName)} viewBox="0 0 24 24">
            <Icon />
          </symbol>
        ))}
        <symbol id={symbolId("stop-filled")} viewBox="0 0 24 24">
          <SquareIcon fill="currentColor" />
        </symbol>
      </defs>
    </svg>
  );
}

/** One icon of the sprite, decorative, sized by its class (16 px by default) and coloured by `color`. */
export function SpriteIcon({ name, className }: { name: SpriteIconName; className?: string }) {
  return (
    <svg aria-hidden className={cn("size-4 shrink-0", className)}>
      <use href={`#${symbolId(name)}`} />
    </svg>
  );
}
