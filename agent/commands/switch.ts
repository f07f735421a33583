import { realpathSync, statSync } from "node:fs";
import type { AgentOptions } from "../cli";
import type { ExitStatus } from "../process-group";
import type { CommandContext } from "./context";
import { platformSupport } from "../platforms/index";
import { runDetachedStep } from "./detached";
import { repoDirFor } from "./repo-dir";

type SwitchSettings = Pick<AgentOptions, "platform" | "repoDir" | "hostname" | "stateDir">;

/**
 * `switch` (SPEC 2.4): the platform's tool (`nixos-rebuild`, `darwin-rebuild` or `home-manager`,
 * found on PATH) with `switch --flake <repo>#<host>`, run outside the agent (see detached.ts): the
 * switch may restart the agent, and a crash of the agent must not cut the switch short.
 */
export async function runSwitch(ctx: CommandContext, settings: SwitchSettings): Promise<ExitStatus> {
  const repo = repoDirFor(settings.repoDir, "switch");
  if ("problem" in repo) {
    ctx.note(repo.problem);
    return { exitCode: null, signal: null, spawnError: null };
  }
  const support = platformSupport(settings.platform);
  const { command, args } = support.switchCommand(`${repo.dir}#${settings.hostname}`);
  return runDetachedStep(ctx, "switch", command, args, {
    stateDir: settings.stateDir,
    cwd: repo.dir,
    launcher: support.switchLauncher(process.env, process.platform),
  });
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
