import { describe, expect, it } from "vitest";
import { parseAgentOptions, type MachineDefaults } from "./cli";

const machine: MachineDefaults = {
  hostname: "web-1.example.com",
  osPlatform: "linux",
  isRoot: false,
  homeDir: "/home/ops",
  cwd: "/srv",
  execPath: "/usr/bin/nixfleet-agent",
};
const required = ["--url", "wss://fleet.example.com", "--token-file", "/run/secrets/token"];

function run(argv: string[], env: Record<string, string> = {}, defaults: MachineDefaults = machine) {
  const outcome = parseAgentOptions(argv, env, defaults);
  if (outcome.kind !== "run") throw new Error(`expected options, got ${JSON.stringify(outcome)}`);
  return outcome;
}

function errors(argv: string[], env: Record<string, string> = {}, defaults: MachineDefaults = machine): string[] {
  const outcome = parseAgentOptions(argv, env, defaults);
  if (outcome.kind !== "invalid") throw new Error(`expected errors, got ${JSON.stringify(outcome)}`);
  return outcome.errors;
}

describe("parseAgentOptions", () => {
  it("fills every default from the machine when only the required flags are given: isolated, as in the seed", () => {
    const { options, warnings } = run(required);
    expect(warnings).toEqual([]);
    expect(options).toEqual({
      url: "https://fleet.example.com",
      tokenFile: "/run/secrets/token",
      isolatedRepoMode: true,
      repoUrl: null,
      repoDir: "/home/ops/.local/state/nixfleet-agent/repo",
      checkoutDir: "/home/ops/.config/home-manager",
      branch: "main",
      intervalSeconds: 30,
      location: "other",
      deviceType: "server",
      themeColor: "#769ff0",
      hostname: "web-1",
      stateDir: "/home/ops/.local/state/nixfleet-agent",
      platform: "home-manager",
      logLevel: "info",
      outboxMaxBytes: 50 * 1024 * 1024,
      stopGraceMs: 10_000,
      currentSystemLink: "/home/ops/.local/state/home-manager/gcroots/current-home",
      profile: "/home/ops/.local/state/nix/profiles/home-manager",
      confirmTimeoutSeconds: 120,
      rollbackOnTestFailure: false,
      selfPath: "/usr/bin/nixfleet-agent",
    });
  });

  it("accepts every flag", () => {
    const { options } = run([
      "--url", "ws://10.0.0.5:8000",
      "--token-file", "token",
      "--repo-dir", "config",
      "--branch", "release/24.05",
      "--interval", "3600",
      "--location", "cloud",
      "--device-type", "gaming",
      "--theme-color", "#A1b2C3",
      "--hostname", "Game_Box-2",
      "--state-dir", "state",
      "--platform", "home-manager",
      "--log-level", "debug",
      "--outbox-max-mb", "5",
      "--confirm-timeout", "0",
      "--rollback-on-test-failure",
    ]);
    expect(options).toMatchObject({
      url: "http://10.0.0.5:8000",
      tokenFile: "/srv/token",
      repoDir: "/srv/config",
      branch: "release/24.05",
      intervalSeconds: 3600,
      location: "cloud",
      deviceType: "gaming",
      themeColor: "#A1b2C3",
      hostname: "Game_Box-2",
      stateDir: "/srv/state",
      platform: "home-manager",
      logLevel: "debug",
      outboxMaxBytes: 5 * 1024 * 1024,
      currentSystemLink: "/home/ops/.local/state/home-manager/gcroots/current-home",
      confirmTimeoutSeconds: 0,
      rollbackOnTestFailure: true,
    });
  });

  it("maps each accepted URL scheme to what socket.io-client wants", () => {
    expect(run(["--url", "wss://a.example", "--token-file", "t"]).options.url).toBe("https://a.example");
    expect(run(["--url", "ws://a.example:81", "--token-file", "t"]).options.url).toBe("http://a.example:81");
    expect(run(["--url", "https://a.example/", "--token-file", "t"]).options.url).toBe("https://a.example");
    expect(run(["--url", "http://127.0.0.1:8000", "--token-file", "t"]).options.url).toBe("http://127.0.0.1:8000");
  });

  it("warns that a URL path is ignored", () => {
    const outcome = run(["--url", "wss://a.example/ws", "--token-file", "t"]);
    expect(outcome.options.url).toBe("https://a.example");
    expect(outcome.warnings[0]).toMatch(/--url: the path/);
  });

  it("takes every option from the environment when no flag is given, and prefers the flag", () => {
    const env = {
      NIXFLEET_URL: "https://env.example",
      NIXFLEET_TOKEN_FILE: "/etc/token",
      NIXFLEET_ISOLATED_REPO_MODE: "true",
      NIXFLEET_REPO_URL: "git@example.com:me/config.git",
      NIXFLEET_BRANCH: "prod",
      NIXFLEET_INTERVAL: "15",
      NIXFLEET_LOCATION: "home",
      NIXFLEET_DEVICE_TYPE: "laptop",
      NIXFLEET_THEME_COLOR: "#000000",
      NIXFLEET_HOSTNAME: "envhost",
      NIXFLEET_STATE_DIR: "/var/tmp/agent",
      NIXFLEET_PLATFORM: "darwin",
      NIXFLEET_LOG_LEVEL: "warn",
      NIXFLEET_OUTBOX_MAX_MB: "7",
      NIXFLEET_STOP_GRACE_SECONDS: "1",
      NIXFLEET_CURRENT_SYSTEM_LINK: "/tmp/current",
      NIXFLEET_AGENT_SELF_PATH: "/run/current-system/sw/bin/nixfleet-agent",
      NIXFLEET_PROFILE: "/tmp/profiles/system",
      NIXFLEET_CONFIRM_TIMEOUT: "8",
      NIXFLEET_ROLLBACK_ON_TEST_FAILURE: "true",
    };
    expect(run([], env).options).toEqual({
      url: "https://env.example",
      tokenFile: "/etc/token",
      isolatedRepoMode: true,
      repoUrl: "git@example.com:me/config.git",
      repoDir: "/var/tmp/agent/repo",
      checkoutDir: "/etc/nix-darwin",
      branch: "prod",
      intervalSeconds: 15,
      location: "home",
      deviceType: "laptop",
      themeColor: "#000000",
      hostname: "envhost",
      stateDir: "/var/tmp/agent",
      platform: "darwin",
      logLevel: "warn",
      outboxMaxBytes: 7 * 1024 * 1024,
      stopGraceMs: 1000,
      currentSystemLink: "/tmp/current",
      profile: "/tmp/profiles/system",
      confirmTimeoutSeconds: 8,
      rollbackOnTestFailure: true,
      selfPath: "/run/current-system/sw/bin/nixfleet-agent",
    });
    expect(run(["--interval", "20", "--location", "work"], env).options).toMatchObject({ intervalSeconds: 20, location: "work" });
  });

  it("uses the agent's own clone in the state dir in isolated mode, with or without --repo-url", () => {
    const { options, warnings } = run([...required, "--isolated-repo-mode", "--repo-url", "https://git.example/c.git", "--repo-dir", "/x"]);
    expect(options).toMatchObject({ repoDir: "/home/ops/.local/state/nixfleet-agent/repo", repoUrl: "https://git.example/c.git", checkoutDir: "/x" });
    expect(warnings).toEqual([]);
    expect(run([...required, "--isolated-repo-mode"]).options).toMatchObject({ isolatedRepoMode: true, repoUrl: null });
    expect(run([...required], { NIXFLEET_ISOLATED_REPO_MODE: "false", NIXFLEET_REPO_DIR: "/cfg" }).options).toMatchObject({
      isolatedRepoMode: false,
      repoDir: "/cfg",
      checkoutDir: "/cfg",
    });
  });

  it("keeps --repo-dir alone meaning the checkout to work in; an explicit choice wins", () => {
    expect(run([...required, "--repo-dir", "/cfg"]).options).toMatchObject({ isolatedRepoMode: false, repoDir: "/cfg" });
    expect(run([...required, "--no-isolated-repo-mode"]).options).toMatchObject({ isolatedRepoMode: false, repoDir: null, checkoutDir: null });
    expect(run([...required, "--repo-dir", "/cfg"], { NIXFLEET_ISOLATED_REPO_MODE: "true" }).options).toMatchObject({ isolatedRepoMode: true, checkoutDir: "/cfg" });
    expect(errors([...required, "--isolated-repo-mode", "--no-isolated-repo-mode"])).toEqual([expect.stringMatching(/^--isolated-repo-mode: given together/)]);
  });

  it("defaults the state dir to /var/lib as root and honours XDG_STATE_HOME otherwise", () => {
    expect(run(required, {}, { ...machine, isRoot: true }).options.stateDir).toBe("/var/lib/nixfleet-agent");
    expect(run(required, { XDG_STATE_HOME: "/xdg" }).options.stateDir).toBe("/xdg/nixfleet-agent");
  });

  it("detects the platform: root with a system profile runs NixOS or nix-darwin, anyone else standalone Home Manager", () => {
    const platform = (clues: Partial<MachineDefaults>) => run(required, {}, { ...machine, ...clues }).options;
    expect(platform({ isRoot: true, hasSystemProfile: true })).toMatchObject({ platform: "nixos", currentSystemLink: "/run/current-system", checkoutDir: "/etc/nixos" });
    expect(platform({ isRoot: true, hasSystemProfile: true, osPlatform: "darwin" })).toMatchObject({ platform: "darwin", checkoutDir: "/etc/nix-darwin" });
    expect(platform({ osPlatform: "darwin", hasSystemProfile: true }).platform).toBe("home-manager");
    expect(platform({ isRoot: true, hasSystemProfile: false }).platform).toBe("home-manager");
    expect(platform({ osPlatform: "linux" })).toMatchObject({ platform: "home-manager", currentSystemLink: "/home/ops/.local/state/home-manager/gcroots/current-home" });
  });

  it("refuses bad values with one line per problem, each naming its option", () => {
    const lines = errors([
      "--url", "ftp://x",
      "--token-file", "t",
      "--interval", "0",
      "--location", "moon",
      "--device-type", "toaster",
      "--theme-color", "blue",
      "--hostname", "bad.name",
      "--platform", "windows",
      "--log-level", "loud",
      "--outbox-max-mb", "0",
      "--branch=-x",
    ]);
    expect(lines).toHaveLength(10);
    for (const option of ["--url", "--interval", "--location", "--device-type", "--theme-color", "--hostname", "--platform", "--log-level", "--outbox-max-mb", "--branch"]) {
      expect(lines.some((line) => line.startsWith(`${option}:`))).toBe(true);
    }
  });

  it.each([["3601"], ["-1"], ["1.5"], ["ten"], ["0x10"]])("refuses --interval %j", (value) => {
    const outcome = parseAgentOptions([...required, `--interval=${value}`], {}, machine);
    expect(outcome).toEqual({ kind: "invalid", errors: [expect.stringMatching(/^--interval: expected a whole number of seconds from 1 to 3600/)] });
  });

  it("requires --url and --token-file", () => {
    expect(errors([])).toEqual([expect.stringMatching(/^--url: required/), expect.stringMatching(/^--token-file: required/)]);
  });

  it("refuses unknown flags, stray arguments and flags without their value", () => {
    expect(errors([...required, "--colour", "red"])[0]).toMatch(/Unknown option '--colour'/);
    expect(errors([...required, "extra"])[0]).toMatch(/extra/);
    expect(errors(["--token-file", "t", "--url"])[0]).toMatch(/--url/);
  });

  it("refuses a bad environment value, naming the variable", () => {
    expect(errors(required, { NIXFLEET_ISOLATED_REPO_MODE: "maybe" })).toEqual([expect.stringMatching(/^NIXFLEET_ISOLATED_REPO_MODE: expected true or false/)]);
    expect(errors(required, { NIXFLEET_STOP_GRACE_SECONDS: "x" })).toEqual([expect.stringMatching(/^NIXFLEET_STOP_GRACE_SECONDS/)]);
    expect(errors([...required, "--confirm-timeout", "soon"])).toEqual([expect.stringMatching(/^--confirm-timeout: expected a whole number of seconds from 0 to 3600/)]);
    expect(errors(required, { NIXFLEET_ROLLBACK_ON_TEST_FAILURE: "maybe" })).toEqual([expect.stringMatching(/^NIXFLEET_ROLLBACK_ON_TEST_FAILURE: expected true or false/)]);
    expect(errors(required, { NIXFLEET_LOCATION: "mars" })).toEqual([expect.stringMatching(/^--location/)]);
  });

  it("asks for --hostname when the machine's own name cannot be used", () => {
    expect(errors(required, {}, { ...machine, hostname: "-weird" })).toEqual([expect.stringMatching(/^--hostname: the machine's host name "-weird"/)]);
  });

  it("answers --help and --version before anything else", () => {
    expect(parseAgentOptions(["--help"], {}, machine)).toEqual({ kind: "help" });
    expect(parseAgentOptions(["-h", "--interval", "0"], {}, machine)).toEqual({ kind: "help" });
    expect(parseAgentOptions(["--version"], {}, machine)).toEqual({ kind: "version" });
  });
});
