import type { Platform } from "../../lib/protocol/index";
import { platformSupport } from "../platforms/index";

/**
 * The one way back to a generation, shared by the watchdog, the health gate and the rollback
 * command: point the profile at it (so the next boot and the next rollback agree) and activate it.
 * sh, not the agent: the watchdog runs it when the switch may have broken the agent itself.
 * Arguments: profile, generation number, the generation's link, how to activate it.
 */
export const REVERT_SCRIPT = `profile=$1; number=$2; link=$3; how=$4
echo "switching $profile to generation $number"
nix-env -p "$profile" --switch-generation "$number" || exit $?
if [ "$how" = activate ]; then exec "$link/activate"; fi
exec "$link/bin/switch-to-configuration" switch`;

export interface RevertTarget {
  number: number;
  link: string;
}

/** `sh` arguments that run REVERT_SCRIPT back to `target`. */
export function revertShellArgs(platform: Platform, profile: string, target: RevertTarget): string[] {
  return ["-c", REVERT_SCRIPT, "nixfleet-revert", profile, String(target.number), target.link, platformSupport(platform).activation];
}
