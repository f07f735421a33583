import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { EXTRA_AGENT_OPTIONS, SEED_AGENT_OPTIONS, agentReads, optionsSchema, readmeAgentOptions, OTHER_MACHINE } from "./agent-options";
import { evalCase, evalError, makeStubRoot, runPython, splitExecStart, unitValue, unitValues, verifySystemdUnit } from "./tools";

const stubRoot = makeStubRoot(["nixfleet-agent"]);
afterAll(() => rmSync(stubRoot, { recursive: true, force: true }));

const resultSchema = z.object({
  options: optionsSchema,
  launchd: z.object({ enable: z.boolean(), config: z.record(z.string(), z.unknown()) }).nullable(),
  plist: z.string().nullable(),
  systemdUser: z.record(z.string(), z.record(z.string(), z.unknown())).nullable(),
  unit: z.string().nullable(),
});
type Result = z.infer<typeof resultSchema>;

const DARWIN = { system: "aarch64-darwin", homeDirectory: "/Users/alice" };
const LINUX = { system: "x86_64-linux", homeDirectory: "/home/alice" };

function evaluate(host: typeof DARWIN, settings: Record<string, unknown>): Result {
  return evalCase(resultSchema, { kind: "home-manager-agent", stubRoot, ...host, settings });
}

// The seed README's macOS example (plus repoUrl, which isolated mode needs).
const seedExample = {
  enable: true,
  url: "wss://fleet.example.com",
  tokenFile: "/Users/alice/.config/nixfleet/token",
  isolatedRepoMode: true,
  repoUrl: "git@github.com:example/nixcfg.git",
  location: "home",
  deviceType: "laptop",
};

const plistSchema = z.object({
  Label: z.string(),
  ProgramArguments: z.array(z.string()),
  RunAtLoad: z.boolean(),
  KeepAlive: z.boolean(),
  StandardOutPath: z.string(),
  StandardErrorPath: z.string(),
  EnvironmentVariables: z.record(z.string(), z.string()),
  ThrottleInterval: z.number(),
});

/** The plist as launchd would read it: parsed strictly by Python's plistlib (XML format only). */
function parsePlist(text: string): z.infer<typeof plistSchema> {
  const script = [
    "import json, plistlib, sys",
    "data = sys.stdin.buffer.read()",
    "assert data.startswith(b'<?xml version=\"1.0\" encoding=\"UTF-8\"?>'), 'no XML declaration'",
    "print(json.dumps(plistlib.loads(data, fmt=plistlib.FMT_XML)))",
  ].join("\n");
  const parsed = runPython(script, [], text);
  if (!parsed.ok) throw new Error(`plistlib refused the plist: ${parsed.stderr}`);
  return plistSchema.strict().parse(JSON.parse(parsed.stdout));
}

describe("the Home Manager agent module on macOS: a launchd agent", () => {
  it("writes a plist that plistlib parses, labelled com.nixfleet.agent, started at load and kept alive", () => {
    const result = evaluate(DARWIN, seedExample);
    expect(result.launchd?.enable).toBe(true);
    expect(result.systemdUser).toBeNull();
    const plist = parsePlist(result.plist ?? "");
    expect(plist.Label).toBe("com.nixfleet.agent");
    expect(plist.RunAtLoad).toBe(true);
    expect(plist.KeepAlive).toBe(true);
    expect(plist.StandardOutPath).toBe("/Users/alice/Library/Logs/nixfleet-agent.log");
    expect(plist.StandardErrorPath).toBe("/Users/alice/Library/Logs/nixfleet-agent.log");
  });

  it("runs the agent with the configured flags, switching with home-manager, read back by the agent's own parser", () => {
    const plist = parsePlist(evaluate(DARWIN, seedExample).plist ?? "");
    expect(plist.ProgramArguments[0]).toBe(`${stubRoot}/nixfleet-agent/bin/nixfleet-agent`);
    const mac = { ...OTHER_MACHINE, osPlatform: "darwin" as const, isRoot: false, homeDir: "/Users/alice" };
    expect(agentReads(plist.ProgramArguments, mac)).toMatchObject({
      url: "https://fleet.example.com",
      tokenFile: "/Users/alice/.config/nixfleet/token",
      isolatedRepoMode: true,
      repoUrl: "git@github.com:example/nixcfg.git",
      location: "home",
      deviceType: "laptop",
      stateDir: "/Users/alice/.local/state/nixfleet-agent",
      platform: "home-manager",
      intervalSeconds: 30,
      themeColor: "#769ff0",
    });
  });

  it("finds home-manager, nix and git from launchd's bare environment", () => {
    const { EnvironmentVariables: env } = parsePlist(evaluate(DARWIN, seedExample).plist ?? "");
    expect(env.HOME).toBe("/Users/alice");
    const path = (env.PATH ?? "").split(":");
    expect(path.slice(0, 4)).toEqual([
      "/Users/alice/.nix-profile/bin",
      "/etc/profiles/per-user/alice/bin",
      "/run/current-system/sw/bin",
      "/nix/var/nix/profiles/default/bin",
    ]);
    expect(path).toContain(`${stubRoot}/git/bin`);
    expect(path).toContain("/usr/bin");
  });

  it("would notice: plistlib refuses a plist that is not well-formed", () => {
    const broken = (evaluate(DARWIN, seedExample).plist ?? "").replace("<key>Label</key>", "<key>Label</key><key>");
    expect(() => parsePlist(broken)).toThrow(/plistlib refused/);
  });

  it("escapes XML in values", () => {
    const plist = parsePlist(evaluate(DARWIN, { ...seedExample, repoUrl: "https://example.com/a?b=1&c=<2>" }).plist ?? "");
    expect(plist.ProgramArguments).toContain("https://example.com/a?b=1&c=<2>");
  });
});

describe("the seed README's macOS example, as written", () => {
  it("evaluates without repoUrl and runs the agent in isolated mode", () => {
    const result = evalCase(resultSchema, { kind: "home-manager-agent", stubRoot, ...DARWIN, userModules: ["seed-home.nix"] });
    const plist = parsePlist(result.plist ?? "");
    expect(plist.ProgramArguments).toContain("--isolated-repo-mode");
    expect(plist.ProgramArguments).not.toContain("--repo-url");
    const mac = { ...OTHER_MACHINE, osPlatform: "darwin" as const, isRoot: false, homeDir: "/Users/yourname" };
    expect(agentReads(plist.ProgramArguments, mac)).toMatchObject({
      tokenFile: "/Users/yourname/.config/nixfleet/token",
      isolatedRepoMode: true,
      repoUrl: null,
      location: "home",
      deviceType: "laptop",
    });
  });
});

describe("the Home Manager agent module on Linux: a systemd user service", () => {
  const linuxExample = { ...seedExample, tokenFile: "/home/alice/.config/nixfleet/token" };

  it("is left alone by the switch (sd-switch keep-old) and restarts on failure and on exit code 75", () => {
    const result = evaluate(LINUX, linuxExample);
    expect(result.launchd).toBeNull();
    const unit = result.unit ?? "";
    expect(unitValue(unit, "Unit", "X-SwitchMethod")).toBe("keep-old");
    expect(unitValue(unit, "Unit", "X-RestartIfChanged")).toBe("false");
    expect(unitValue(unit, "Service", "Restart")).toBe("on-failure");
    expect(unitValue(unit, "Service", "RestartForceExitStatus")).toBe("75");
    expect(unitValue(unit, "Install", "WantedBy")).toBe("default.target");
    expect(unitValues(unit, "Service", "Environment")).toContain(
      "NIXFLEET_AGENT_SELF_PATH=/home/alice/.config/systemd/user/nixfleet-agent.service",
    );
  });

  it("runs the agent with the configured flags", () => {
    const unit = evaluate(LINUX, { ...linuxExample, interval: 60, themeColor: "#00ff00" }).unit ?? "";
    const argv = splitExecStart(unitValue(unit, "Service", "ExecStart") ?? "");
    const user = { ...OTHER_MACHINE, isRoot: false, homeDir: "/home/alice" };
    expect(agentReads(argv, user)).toMatchObject({
      tokenFile: "/home/alice/.config/nixfleet/token",
      intervalSeconds: 60,
      themeColor: "#00ff00",
      stateDir: "/home/alice/.local/state/nixfleet-agent",
      platform: "home-manager",
    });
  });

  it("passes systemd-analyze --user verify without a single warning", () => {
    const unit = evaluate(LINUX, linuxExample).unit ?? "";
    expect(verifySystemdUnit("nixfleet-agent.service", unit, "user")).toEqual([]);
  });
});

describe("the Home Manager agent module's options", () => {
  it("has every option of the seed README's table, with its default, and the agent's other settings", () => {
    const { options } = evaluate(DARWIN, seedExample);
    for (const [name, expected] of Object.entries(SEED_AGENT_OPTIONS)) {
      expect(options[name], name).toBeDefined();
      if ("default" in expected) expect(options[name]?.default, name).toEqual(expected.default);
      else expect(options[name]?.hasDefault, name).toBe(false);
    }
    for (const name of [...EXTRA_AGENT_OPTIONS, ...readmeAgentOptions()]) expect(options[name], name).toBeDefined();
    expect(options.stateDir?.default).toBe("/Users/alice/.local/state/nixfleet-agent");
    expect(options.platform?.default).toBe("home-manager");
  });

  it.each([
    ["location", { location: "moon" }, /services\.nixfleet-agent\.location'/],
    ["themeColor", { themeColor: "red" }, /services\.nixfleet-agent\.themeColor'/],
    ["interval", { interval: 0 }, /services\.nixfleet-agent\.interval'/],
    ["deviceType", { deviceType: "phone" }, /services\.nixfleet-agent\.deviceType'/],
    ["repoDir", { isolatedRepoMode: false }, /repoDir must be set when isolatedRepoMode is false/],
  ])("refuses a bad %s: %j", (_name, bad, message) => {
    for (const host of [DARWIN, LINUX]) {
      expect(evalError({ kind: "home-manager-agent", stubRoot, ...host, settings: { ...seedExample, ...bad } })).toMatch(message);
    }
  });
});
