import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { EXTRA_AGENT_OPTIONS, OTHER_MACHINE, SEED_AGENT_OPTIONS, agentReads, optionsSchema, readmeAgentOptions } from "./agent-options";
import { evalCase, evalError, makeStubRoot, runPython } from "./tools";

const stubRoot = makeStubRoot(["nixfleet-agent"]);
afterAll(() => rmSync(stubRoot, { recursive: true, force: true }));

const resultSchema = z.object({
  options: optionsSchema,
  launchd: z.object({ serviceConfig: z.record(z.string(), z.unknown()) }).nullable(),
  plist: z.string().nullable(),
});
type Result = z.infer<typeof resultSchema>;

function evaluate(settings: Record<string, unknown>, userModules: string[] = []): Result {
  return evalCase(resultSchema, { kind: "darwin-agent", stubRoot, system: "aarch64-darwin", settings, userModules });
}

// The seed README's NixOS example with the token where a Mac keeps a root-only secret.
const example = {
  enable: true,
  url: "wss://fleet.example.com",
  tokenFile: "/var/root/.config/nixfleet/token",
  isolatedRepoMode: true,
  location: "home",
  deviceType: "desktop",
};

const plistSchema = z
  .object({
    Label: z.string(),
    ProgramArguments: z.array(z.string()),
    RunAtLoad: z.boolean(),
    KeepAlive: z.boolean(),
    ThrottleInterval: z.number(),
    StandardOutPath: z.string(),
    StandardErrorPath: z.string(),
    Umask: z.number(),
    EnvironmentVariables: z.record(z.string(), z.string()),
  })
  .strict();

/** The plist as launchd would read it: parsed strictly by Python's plistlib (XML format only). */
function parsePlist(text: string): z.infer<typeof plistSchema> {
  const script = ["import json, plistlib, sys", "print(json.dumps(plistlib.loads(sys.stdin.buffer.read(), fmt=plistlib.FMT_XML)))"].join("\n");
  const parsed = runPython(script, [], text);
  if (!parsed.ok) throw new Error(`plistlib refused the plist: ${parsed.stderr}`);
  return plistSchema.parse(JSON.parse(parsed.stdout));
}

const MAC_ROOT = { ...OTHER_MACHINE, osPlatform: "darwin" as const, isRoot: true, homeDir: "/var/root" };

describe("the nix-darwin agent module (services.nixfleet-agent): a launchd daemon as root", () => {
  it("writes a plist that plistlib parses: labelled com.nixfleet.agent, started at load, kept alive, private umask", () => {
    const plist = parsePlist(evaluate(example).plist ?? "");
    expect(plist.Label).toBe("com.nixfleet.agent");
    expect(plist.RunAtLoad).toBe(true);
    expect(plist.KeepAlive).toBe(true);
    expect(plist.StandardOutPath).toBe("/var/log/nixfleet-agent.log");
    expect(plist.StandardErrorPath).toBe("/var/log/nixfleet-agent.log");
    expect(plist.Umask).toBe(0o077);
  });

  it("runs the agent with platform darwin (darwin-rebuild) and the configured flags, read back by the agent's own parser", () => {
    const plist = parsePlist(evaluate({ ...example, repoUrl: "https://github.com/example/nixcfg.git", hostname: "studio" }).plist ?? "");
    expect(plist.ProgramArguments[0]).toBe(`${stubRoot}/nixfleet-agent/bin/nixfleet-agent`);
    expect(agentReads(plist.ProgramArguments, MAC_ROOT)).toMatchObject({
      url: "https://fleet.example.com",
      tokenFile: "/var/root/.config/nixfleet/token",
      isolatedRepoMode: true,
      repoUrl: "https://github.com/example/nixcfg.git",
      hostname: "studio",
      location: "home",
      deviceType: "desktop",
      stateDir: "/var/lib/nixfleet-agent",
      platform: "darwin",
    });
  });

  it("finds darwin-rebuild, nix and git from launchd's bare environment, builds through nix-daemon and watches its own plist", () => {
    const env = parsePlist(evaluate(example).plist ?? "").EnvironmentVariables;
    expect(env.HOME).toBe("/var/root");
    expect((env.PATH ?? "").split(":").slice(0, 3)).toEqual(["/run/current-system/sw/bin", "/nix/var/nix/profiles/default/bin", `${stubRoot}/git/bin`]);
    expect(env.NIX_REMOTE).toBe("daemon");
    expect(env.NIXFLEET_AGENT_SELF_PATH).toBe("/Library/LaunchDaemons/com.nixfleet.agent.plist");
  });

  it("evaluates the seed README's NixOS example as written, agenix secret and all", () => {
    const plist = parsePlist(evaluate({}, ["seed-nixos-configuration.nix"]).plist ?? "");
    expect(agentReads(plist.ProgramArguments, MAC_ROOT)).toMatchObject({
      tokenFile: "/run/agenix/nixfleet-token",
      isolatedRepoMode: true,
      repoUrl: null,
      platform: "darwin",
    });
  });

  it("has the options of the NixOS module, with the same defaults", () => {
    const { options } = evaluate(example);
    for (const [name, expected] of Object.entries(SEED_AGENT_OPTIONS)) {
      expect(options[name], name).toBeDefined();
      if ("default" in expected) expect(options[name]?.default, name).toEqual(expected.default);
      else expect(options[name]?.hasDefault, name).toBe(false);
    }
    for (const name of [...EXTRA_AGENT_OPTIONS, ...readmeAgentOptions()]) expect(options[name], name).toBeDefined();
    expect(options.stateDir?.default).toBe("/var/lib/nixfleet-agent");
    expect(options.platform?.default).toBe("darwin");
  });

  it("defines nothing when not enabled", () => {
    expect(evaluate({}).launchd).toBeNull();
  });

  it.each([
    ["location", { location: "moon" }, /services\.nixfleet-agent\.location'/],
    ["tokenFile", { tokenFile: "/nix/store/0000-token" }, /tokenFile must not be in the Nix store/],
    ["repoDir", { isolatedRepoMode: false }, /repoDir must be set when isolatedRepoMode is false/],
    ["unknown option", { colour: "#000000" }, /The option `services\.nixfleet-agent\.colour' does not exist/],
  ])("refuses a bad %s: %j", (_name, bad, message) => {
    expect(evalError({ kind: "darwin-agent", stubRoot, system: "aarch64-darwin", settings: { ...example, ...bad } })).toMatch(message);
  });
});
