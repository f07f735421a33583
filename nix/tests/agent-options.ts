import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseAgentOptions, type AgentOptions, type MachineDefaults } from "../../agent/cli";
import { repoRoot } from "./tools";

/** What nix/tests/eval.nix says about each declared option. */
export const optionSchema = z.object({
  type: z.string(),
  hasDefault: z.boolean(),
  default: z.unknown(),
  description: z.string(),
});
export const optionsSchema = z.record(z.string(), optionSchema);

/**
 * The seed README's agent options (its Configuration Reference), with their defaults: every one
 * must exist in both modules. `url` and `tokenFile` are required, so they have no default.
 */
export const SEED_AGENT_OPTIONS: Record<string, { default?: unknown }> = {
  enable: { default: false },
  url: {},
  tokenFile: {},
  isolatedRepoMode: { default: true },
  repoUrl: { default: null },
  interval: { default: 30 },
  location: { default: "other" },
  deviceType: { default: "server" },
  themeColor: { default: "#769ff0" },
};

/** Options the issue adds to the seed's table. */
export const EXTRA_AGENT_OPTIONS = ["branch", "hostname", "logLevel", "package", "confirmTimeout", "rollbackOnTestFailure"];

/** The `Nix option` column of README.md's agent options table. */
export function readmeAgentOptions(): string[] {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const start = readme.indexOf("### Agent options");
  if (start === -1) throw new Error("README.md has no '### Agent options' section");
  const names: string[] = [];
  for (const line of readme.slice(start).split("\n").slice(1)) {
    if (line.startsWith("#")) break;
    const cell = /^\|\s*`([A-Za-z]+)`\s*\|/.exec(line);
    if (cell?.[1]) names.push(cell[1]);
  }
  return names;
}

/** A machine for parseAgentOptions that is nothing like the host the unit describes. */
export const OTHER_MACHINE: MachineDefaults = {
  hostname: "test-runner.example.org",
  osPlatform: "linux",
  isRoot: true,
  homeDir: "/root",
  cwd: "/",
  execPath: "/usr/bin/node",
};

/** The agent's own reading of an argv the modules wrote: the options it would run with. */
export function agentReads(argv: readonly string[], machine: MachineDefaults = OTHER_MACHINE): AgentOptions {
  const [program, ...args] = argv;
  if (!program?.endsWith("/bin/nixfleet-agent")) throw new Error(`not the agent: ${program}`);
  const outcome = parseAgentOptions(args, {}, machine);
  if (outcome.kind !== "run") throw new Error(`the agent refuses this command line: ${JSON.stringify(outcome)}`);
  return outcome.options;
}
