import { existsSync, realpathSync, statSync } from "node:fs";
import type { AgentOptions } from "../cli";
import type { ExitStatus } from "../process-group";
import type { CommandContext } from "./context";
import { runDetachedStep } from "./detached";

type SwitchSettings = Pick<AgentOptions, "platform" | "repoDir" | "hostname" | "stateDir">;

/**
 * `switch` (SPEC 2.4): `nixos-rebuild switch --flake <repo>#<host>` on NixOS, run as a process group
 * of the agent; `home-manager switch --flake <repo>#<host>` on macOS, run detached because it
 * restarts the agent itself. Both tools are found on PATH.
 */
export async function runSwitch(ctx: CommandContext, settings: SwitchSettings): Promise<ExitStatus> {
  if (settings.repoDir === null) {
    ctx.note("switch: no repository configured (give --repo-dir, or --isolated-repo-mode with --repo-url)");
    return { exitCode: null, signal: null, spawnError: null };
  }
  if (!existsSync(settings.repoDir)) {
    ctx.note(`switch: ${settings.repoDir} does not exist yet: run Pull first (in isolated mode the first pull clones the repository)`);
    return { exitCode: null, signal: null, spawnError: null };
  }
  const flake = `${settings.repoDir}#${settings.hostname}`;
  if (settings.platform === "darwin") {
    return runDetachedStep(ctx, "switch", "home-manager", ["switch", "--flake", flake], {
      stateDir: settings.stateDir,
      cwd: settings.repoDir,
    });
  }
  return ctx.run("switch", "nixos-rebuild", ["switch", "--flake", flake], { cwd: settings.repoDir });
}

/** What identifies the agent's executable on disk; a switch that changes it means "restart me". */
export function fileIdentity(file: string): string | null {
  try {
    const real = realpathSync(file);
    const stat = statSync(real);
    return `${real}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}
