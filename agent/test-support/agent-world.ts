import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startAgent, type AgentProcess } from "./agent-process";
import { FakeDashboard } from "./fake-dashboard";
import { pathWith, temporaryDir, writeScript } from "./fixtures";
import { installSystemdRun } from "./nix-stand-ins";

export const SHARED_TOKEN = "shared-token-0123456789";
export const CURRENT = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-web-1";
export const DESIRED = "/nix/store/zyxwvsrqpnmlkjihgfdcba9876543210-nixos-system-web-1";

/**
 * What an integration test of the real agent process needs: a temporary root with a token file, a
 * current-system link and a `nix` stand-in on PATH, a dashboard, and a way to start agents that are
 * all killed at the end.
 */
export interface AgentWorld {
  root: string;
  dashboard: FakeDashboard;
  agent(extra?: string[], extraEnv?: Record<string, string>): AgentProcess;
  close(): Promise<void>;
}

export async function createAgentWorld(): Promise<AgentWorld> {
  const { dir: root, cleanup } = temporaryDir();
  const agents: AgentProcess[] = [];
  writeFileSync(path.join(root, "token"), `NIXFLEET_TOKEN=${SHARED_TOKEN}\n`);
  symlinkSync(CURRENT, path.join(root, "current-system"));
  // nix eval stand-in: records each call, prints the desired toplevel.
  writeScript(path.join(root, "bin", "nix"), `echo "$@" >> "${root}/nix.calls"\nprintf '%s' "${DESIRED}"`);
  installSystemdRun(path.join(root, "bin"));
  const env = {
    PATH: pathWith(path.join(root, "bin")),
    NIXFLEET_CURRENT_SYSTEM_LINK: path.join(root, "current-system"),
    NIXFLEET_STOP_GRACE_SECONDS: "1",
    // These worlds have no profile of generations: confirm-or-revert has its own tests (host-safety).
    NIXFLEET_CONFIRM_TIMEOUT: "0",
  };
  const world: AgentWorld = {
    root,
    dashboard: await FakeDashboard.start({ tokens: new Set([SHARED_TOKEN]), issueHostToken: "host-token-for-web-1" }),
    agent(extra = [], extraEnv = {}) {
      const started = startAgent(
        ["--url", world.dashboard.url, "--token-file", path.join(root, "token"), "--state-dir", path.join(root, "state"), "--hostname", "web-1", "--platform", "nixos", ...extra],
        { ...env, ...extraEnv },
      );
      agents.push(started);
      return started;
    },
    async close() {
      await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
      await world.dashboard.close();
      cleanup();
    },
  };
  return world;
}

/** Runs a test in a world of its own (so tests can run concurrently) and tears it down after. */
export async function inWorld(test: (world: AgentWorld) => Promise<void>): Promise<void> {
  const world = await createAgentWorld();
  try {
    await test(world);
  } finally {
    await world.close();
  }
}
