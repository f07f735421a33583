import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { DEVICE_TYPES, LOCATIONS, PLATFORMS } from "../../lib/protocol/index";
import { HELP_TEXT } from "../../agent/cli";
import { LOG_LEVELS } from "../../agent/log";
import { EXTRA_AGENT_OPTIONS, SEED_AGENT_OPTIONS, agentReads, optionsSchema, readmeAgentOptions } from "./agent-options";
import { evalCase, evalError, makeStubRoot, splitExecStart, unitValue, unitValues, verifySystemdUnit } from "./tools";

const stubRoot = makeStubRoot(["nixfleet-agent"]);
afterAll(() => rmSync(stubRoot, { recursive: true, force: true }));

const resultSchema = z.object({
  options: optionsSchema,
  enabled: z.boolean(),
  service: z
    .object({
      wantedBy: z.array(z.string()),
      after: z.array(z.string()),
      wants: z.array(z.string()),
      restartIfChanged: z.boolean(),
      path: z.array(z.string()),
      environment: z.record(z.string(), z.string()),
      serviceConfig: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  unit: z.string().nullable(),
  tmpfiles: z.array(z.string()),
});
type Result = z.infer<typeof resultSchema>;

function evaluate(settings: Record<string, unknown>): Result {
  return evalCase(resultSchema, { kind: "nixos-agent", stubRoot, settings });
}

function refusal(settings: Record<string, unknown>): string {
  return evalError({ kind: "nixos-agent", stubRoot, settings });
}

function unitOf(result: Result): string {
  if (result.unit === null) throw new Error("no unit was generated");
  return result.unit;
}

const CREDENTIALS = "/run/credentials/nixfleet-agent.service";
function argvOf(unit: string): string[] {
  const execStart = unitValue(unit, "Service", "ExecStart");
  if (execStart === undefined) throw new Error("no ExecStart=");
  return splitExecStart(execStart, { d: CREDENTIALS });
}

// The seed README's NixOS example (plus repoUrl, which isolated mode needs).
const seedExample = {
  enable: true,
  url: "wss://fleet.example.com",
  tokenFile: "/run/agenix/nixfleet-token",
  isolatedRepoMode: true,
  repoUrl: "https://github.com/example/nixcfg.git",
  location: "cloud",
  deviceType: "server",
};

describe("the NixOS agent module (services.nixfleet-agent)", () => {
  it("runs the agent as a systemd service with the configured flags, read back by the agent's own parser", () => {
    const unit = unitOf(evaluate(seedExample));
    const argv = argvOf(unit);
    expect(argv[0]).toBe(`${stubRoot}/nixfleet-agent/bin/nixfleet-agent`);
    expect(agentReads(argv)).toMatchObject({
      url: "https://fleet.example.com",
      tokenFile: `${CREDENTIALS}/token`,
      isolatedRepoMode: true,
      repoUrl: "https://github.com/example/nixcfg.git",
      repoDir: "/var/lib/nixfleet-agent/repo",
      branch: "main",
      intervalSeconds: 30,
      location: "cloud",
      deviceType: "server",
      themeColor: "#769ff0",
      hostname: "test-runner",
      stateDir: "/var/lib/nixfleet-agent",
      platform: "nixos",
      logLevel: "info",
    });
  });

  it("hands the token over as a systemd credential, never on the command line or in the environment", () => {
    const result = evaluate(seedExample);
    const unit = unitOf(result);
    expect(unitValues(unit, "Service", "LoadCredential")).toEqual(["token:/run/agenix/nixfleet-token"]);
    expect(unitValue(unit, "Service", "ExecStart")).toContain(" %d/token ");
    expect(unit).not.toMatch(/Environment=.*TOKEN/);
  });

  it("is not restarted by the switch it runs, and restarts on failure and on the agent's exit code 75", () => {
    const result = evaluate(seedExample);
    const unit = unitOf(result);
    expect(result.service?.restartIfChanged).toBe(false);
    expect(unitValue(unit, "Unit", "X-RestartIfChanged")).toBe("false");
    expect(unitValue(unit, "Service", "Restart")).toBe("on-failure");
    expect(unitValue(unit, "Service", "RestartForceExitStatus")).toBe("75");
    expect(HELP_TEXT).toContain("75 restart me");
    expect(unitValue(unit, "Unit", "StartLimitIntervalSec")).toBe("0");
    // The agent notices a switch that changed its unit by watching the unit file.
    expect(result.service?.environment.NIXFLEET_AGENT_SELF_PATH).toBe("/etc/systemd/system/nixfleet-agent.service");
  });

  it("keeps its state in a private StateDirectory and starts after the network, at boot", () => {
    const result = evaluate(seedExample);
    const unit = unitOf(result);
    expect(unitValue(unit, "Service", "StateDirectory")).toBe("nixfleet-agent");
    expect(unitValue(unit, "Service", "StateDirectoryMode")).toBe("0700");
    expect(unitValue(unit, "Service", "UMask")).toBe("0077");
    expect(result.service?.wantedBy).toEqual(["multi-user.target"]);
    expect(result.service?.after).toContain("network-online.target");
    expect(result.service?.wants).toContain("network-online.target");
    expect(result.tmpfiles).toEqual([]);
  });

  it("is hardened as far as a root agent that runs nixos-rebuild allows", () => {
    const unit = unitOf(evaluate(seedExample));
    expect(unitValue(unit, "Service", "PrivateTmp")).toBe("true");
    expect(unitValue(unit, "Service", "ProtectKernelLogs")).toBe("true");
    expect(unitValue(unit, "Service", "RestrictRealtime")).toBe("true");
    expect(unitValue(unit, "Service", "CapabilityBoundingSet")).toBe("~CAP_SYS_BOOT CAP_SYS_TIME CAP_WAKE_ALARM CAP_SYS_PACCT");
    expect(unitValue(unit, "Service", "SystemCallFilter")).toBe("~@clock @reboot @swap");
    // What the switch itself needs stays allowed: writing /nix, /boot, /etc, setuid wrappers.
    for (const key of ["ProtectSystem", "ProtectHome", "NoNewPrivileges", "RestrictSUIDSGID", "PrivateDevices", "User", "DynamicUser"]) {
      expect(unitValue(unit, "Service", key), key).toBeUndefined();
    }
  });

  it("finds nixos-rebuild, nix and git on PATH, and builds through nix-daemon", () => {
    const result = evaluate(seedExample);
    expect(result.service?.path).toEqual([
      `${stubRoot}/nixos-rebuild`,
      `${stubRoot}/nix`,
      `${stubRoot}/git`,
      `${stubRoot}/openssh`,
      "/run/current-system/sw",
    ]);
    expect(unitValues(unitOf(result), "Service", "Environment")).toContain('"NIX_REMOTE=daemon"');
  });

  it("passes systemd-analyze verify without a single warning", () => {
    expect(verifySystemdUnit("nixfleet-agent.service", unitOf(evaluate(seedExample)), "system")).toEqual([]);
  });

  it("would notice: systemd-analyze's complaint about an unknown key counts as a finding", () => {
    const unit = unitOf(evaluate(seedExample)).replace("[Service]\n", "[Service]\nRestartForceExitStatuses=75\n");
    expect(verifySystemdUnit("nixfleet-agent.service", unit, "system").join("\n")).toMatch(/Unknown key/);
  });

  it("sets every option, outside isolated mode and with a state directory outside /var/lib", () => {
    const result = evaluate({
      enable: true,
      url: "https://fleet.example.com",
      tokenFile: "/etc/nixfleet/token",
      isolatedRepoMode: false,
      repoDir: "/etc/nixos",
      branch: "release/2026-05",
      interval: 3600,
      location: "home",
      deviceType: "gaming",
      themeColor: "#FF00aa",
      hostname: "gaming-rig",
      stateDir: "/srv/nixfleet-agent",
      platform: "nixos",
      logLevel: "debug",
      tags: ["canary", "eu-west"],
      extraArgs: ["--outbox-max-mb", "100"],
    });
    const unit = unitOf(result);
    expect(agentReads(argvOf(unit))).toMatchObject({
      url: "https://fleet.example.com",
      tokenFile: `${CREDENTIALS}/token`,
      isolatedRepoMode: false,
      repoUrl: null,
      repoDir: "/etc/nixos",
      branch: "release/2026-05",
      intervalSeconds: 3600,
      location: "home",
      deviceType: "gaming",
      themeColor: "#FF00aa",
      hostname: "gaming-rig",
      stateDir: "/srv/nixfleet-agent",
      logLevel: "debug",
      outboxMaxBytes: 100 * 1024 * 1024,
      tags: ["canary", "eu-west"],
    });
    expect(unitValue(unit, "Service", "StateDirectory")).toBeUndefined();
    expect(unitValue(unit, "Service", "WorkingDirectory")).toBe("/srv/nixfleet-agent");
    expect(result.tmpfiles).toEqual(["d /srv/nixfleet-agent 0700 root root -"]);
    expect(verifySystemdUnit("nixfleet-agent.service", unit, "system")).toEqual([]);
  });

  it("passes values with %, $, quotes and spaces through systemd unchanged", () => {
    const repoUrl = `https://example.com/nix%20cfg.git?ref=$HOME&name="a b"`;
    const unit = unitOf(evaluate({ ...seedExample, repoUrl, tokenFile: "/run/secrets/100% token" }));
    expect(agentReads(argvOf(unit)).repoUrl).toBe(repoUrl);
    expect(unitValues(unit, "Service", "LoadCredential")).toEqual(["token:/run/secrets/100%% token"]);
    expect(verifySystemdUnit("nixfleet-agent.service", unit, "system")).toEqual([]);
  });

  it("defines nothing when not enabled", () => {
    const result = evaluate({});
    expect(result.enabled).toBe(false);
    expect(result.unit).toBeNull();
  });

  it.each([
    ["location", { location: "moon" }, /services\.nixfleet-agent\.location' is not of type `one of "cloud", "home", "work", "other"'/],
    ["deviceType", { deviceType: "toaster" }, /services\.nixfleet-agent\.deviceType' is not of type/],
    ["themeColor", { themeColor: "red" }, /services\.nixfleet-agent\.themeColor' is not of type `string matching the pattern #\[0-9a-fA-F\]\{6\}'/],
    ["themeColor", { themeColor: "#12345" }, /services\.nixfleet-agent\.themeColor'/],
    ["interval", { interval: 0 }, /services\.nixfleet-agent\.interval' is not of type `integer between 1 and 3600/],
    ["interval", { interval: 3601 }, /services\.nixfleet-agent\.interval'/],
    ["interval", { interval: "30" }, /services\.nixfleet-agent\.interval'/],
    ["url", { url: "ftp://fleet.example.com" }, /services\.nixfleet-agent\.url'/],
    ["url", { url: "fleet.example.com" }, /services\.nixfleet-agent\.url'/],
    ["hostname", { hostname: "-bad" }, /services\.nixfleet-agent\.hostname'/],
    ["hostname", { hostname: "my.host" }, /services\.nixfleet-agent\.hostname'/],
    ["branch", { branch: "../main" }, /services\.nixfleet-agent\.branch'/],
    ["branch", { branch: "-x" }, /services\.nixfleet-agent\.branch'/],
    ["logLevel", { logLevel: "verbose" }, /services\.nixfleet-agent\.logLevel'/],
    ["platform", { platform: "windows" }, /services\.nixfleet-agent\.platform'/],
    ["tokenFile", { tokenFile: "token" }, /services\.nixfleet-agent\.tokenFile' is not of type `path'/],
    ["tokenFile", { tokenFile: "/nix/store/0000-token" }, /tokenFile must not be in the Nix store/],
    ["stateDir", { stateDir: "relative/dir" }, /services\.nixfleet-agent\.stateDir'/],
    ["stateDir", { stateDir: "/var/lib/with space" }, /services\.nixfleet-agent\.stateDir'/],
    ["extraArgs", { extraArgs: ["--verbose", 3] }, /services\.nixfleet-agent\.extraArgs\."\[definition 1-entry 2\]"' is not of type `string'/],
    ["repoDir", { isolatedRepoMode: false }, /repoDir must be set when isolatedRepoMode is false/],
    ["unknown option", { colour: "#000000" }, /The option `services\.nixfleet-agent\.colour' does not exist/],
  ])("refuses a bad %s: %j", (_name, bad, message) => {
    expect(refusal({ ...seedExample, ...bad })).toMatch(message);
  });

  it("evaluates the seed README's NixOS example as written (agenix token, isolated mode, no repoUrl)", () => {
    const result = evalCase(resultSchema, { kind: "nixos-agent", stubRoot, userModules: ["seed-nixos-configuration.nix"] });
    const unit = unitOf(result);
    expect(unitValues(unit, "Service", "LoadCredential")).toEqual(["token:/run/agenix/nixfleet-token"]);
    const argv = argvOf(unit);
    expect(argv).toContain("--isolated-repo-mode");
    expect(argv).not.toContain("--repo-url");
    expect(agentReads(argv)).toMatchObject({
      url: "https://fleet.example.com",
      tokenFile: `${CREDENTIALS}/token`,
      isolatedRepoMode: true,
      repoUrl: null,
      location: "cloud",
      deviceType: "server",
      platform: "nixos",
    });
    expect(verifySystemdUnit("nixfleet-agent.service", unit, "system")).toEqual([]);
  });

  it("refuses to start without the required url and tokenFile", () => {
    expect(refusal({ enable: true, repoUrl: "https://x/y.git", tokenFile: "/t" })).toMatch(/services\.nixfleet-agent\.url' is used but not defined/);
    expect(refusal({ enable: true, repoUrl: "https://x/y.git", url: "wss://f" })).toMatch(/services\.nixfleet-agent\.tokenFile' is used but not defined/);
  });

  it("has every option of the seed README's table, with its default, and the agent's other settings", () => {
    const { options } = evaluate(seedExample);
    for (const [name, expected] of Object.entries(SEED_AGENT_OPTIONS)) {
      expect(options[name], name).toBeDefined();
      if ("default" in expected) expect(options[name]?.default, name).toEqual(expected.default);
      else expect(options[name]?.hasDefault, name).toBe(false);
    }
    for (const name of [...EXTRA_AGENT_OPTIONS, ...readmeAgentOptions()]) expect(options[name], name).toBeDefined();
    expect(options.branch?.default).toBe("main");
    expect(options.logLevel?.default).toBe("info");
    expect(options.stateDir?.default).toBe("/var/lib/nixfleet-agent");
    expect(options.platform?.default).toBe("nixos");
    expect(options.package?.hasDefault).toBe(true);
  });

  it("offers exactly the choices the agent accepts", () => {
    const { options } = evaluate(seedExample);
    const choices = (text: string | undefined) => [...(text ?? "").matchAll(/"([^"]+)"/g)].map((match) => match[1]);
    expect(choices(options.location?.type)).toEqual([...LOCATIONS]);
    expect(choices(options.deviceType?.type)).toEqual([...DEVICE_TYPES]);
    expect(choices(options.platform?.type)).toEqual([...PLATFORMS]);
    expect(choices(options.logLevel?.type)).toEqual([...LOG_LEVELS]);
  });

  it("only uses flags the agent documents", () => {
    const argv = argvOf(unitOf(evaluate({ ...seedExample, hostname: "h", extraArgs: [] })));
    for (const flag of argv.filter((word) => word.startsWith("--"))) expect(HELP_TEXT, flag).toContain(`${flag} `);
  });
});
