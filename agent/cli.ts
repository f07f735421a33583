import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  DEVICE_TYPES,
  LOCATIONS,
  PLATFORMS,
  hostNameSchema,
  themeColorSchema,
  type DeviceType,
  type Location,
  type Platform,
} from "../lib/protocol/index";
import { LOG_LEVELS, type LogLevel } from "./log";
import { detectPlatform, platformSupport } from "./platforms/index";

/** Everything the agent is told at start, validated once (SPEC 2.1). */
export interface AgentOptions {
  /** The dashboard's origin as socket.io-client wants it (ws:// and wss:// mapped to http:// and https://). */
  url: string;
  tokenFile: string;
  isolatedRepoMode: boolean;
  /**
   * The git URL given to clone in isolated mode; null when not given (the agent then takes the fleet
   * target's repository, or the origin of `checkoutDir`: see repo-url.ts) or when not isolated.
   */
  repoUrl: string | null;
  /** The working tree the agent pulls, switches and tests: the clone in the state dir when isolated. */
  repoDir: string | null;
  /** The host's own configuration checkout, whose `origin` may name the repository in isolated mode. */
  checkoutDir: string | null;
  branch: string;
  intervalSeconds: number;
  location: Location;
  deviceType: DeviceType;
  themeColor: string;
  hostname: string;
  stateDir: string;
  platform: Platform;
  logLevel: LogLevel;
  /** Bound of the on-disk outbox of undelivered output. */
  outboxMaxBytes: number;
  /** How long `stop` waits after SIGTERM before SIGKILL. */
  stopGraceMs: number;
  /** The link whose target is the running system (overridable so tests need no /run/current-system). */
  currentSystemLink: string;
  /** The Nix profile of the host's generations (overridable like currentSystemLink). */
  profile: string;
  /**
   * Confirm-or-revert: seconds after a switch within which the agent must reach the dashboard over a
   * new connection, else the watchdog returns to the previous generation; 0 turns it off.
   */
  confirmTimeoutSeconds: number;
  /** The host's tests failing after a confirmed switch roll it back (else the switch is only reported failed). */
  rollbackOnTestFailure: boolean;
  /** The file whose replacement by a switch means the agent must restart (see agent/README.md). */
  selfPath: string;
}

export type CliOutcome =
  | { kind: "run"; options: AgentOptions; warnings: string[] }
  | { kind: "help" }
  | { kind: "version" }
  | { kind: "invalid"; errors: string[] };

/** What the machine contributes to the defaults; passed in so parsing stays a pure function. */
export interface MachineDefaults {
  hostname: string;
  osPlatform: NodeJS.Platform;
  isRoot: boolean;
  homeDir: string;
  cwd: string;
  execPath: string;
  /** /run/current-system exists (NixOS, nix-darwin); absent means it was not looked at. */
  hasSystemProfile?: boolean;
}

export function machineDefaults(): MachineDefaults {
  return {
    hostname: os.hostname(),
    osPlatform: process.platform,
    isRoot: typeof process.getuid === "function" && process.getuid() === 0,
    homeDir: os.homedir(),
    cwd: process.cwd(),
    execPath: process.execPath,
    hasSystemProfile: existsSync("/run/current-system"),
  };
}

type Env = Record<string, string | undefined>;

const OPTIONS = {
  url: { type: "string" },
  "token-file": { type: "string" },
  "isolated-repo-mode": { type: "boolean" },
  "no-isolated-repo-mode": { type: "boolean" },
  "repo-url": { type: "string" },
  "repo-dir": { type: "string" },
  branch: { type: "string" },
  interval: { type: "string" },
  location: { type: "string" },
  "device-type": { type: "string" },
  "theme-color": { type: "string" },
  hostname: { type: "string" },
  "state-dir": { type: "string" },
  platform: { type: "string" },
  "log-level": { type: "string" },
  "outbox-max-mb": { type: "string" },
  "confirm-timeout": { type: "string" },
  "rollback-on-test-failure": { type: "boolean" },
  version: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

export const HELP_TEXT = `nixfleet-agent: connects this host to a NixFleet dashboard and runs its pull, switch and test commands.

Usage: nixfleet-agent --url URL --token-file FILE [options]

Every option can also be given by the environment variable in brackets; the flag wins.
  --url URL                 dashboard URL: ws://, wss://, http:// or https:// [NIXFLEET_URL] (required)
  --token-file FILE         file holding the token, raw or as a line NIXFLEET_TOKEN=… [NIXFLEET_TOKEN_FILE] (required)
  --isolated-repo-mode      keep an own clone of the repository in the state dir and pull with fetch + reset:
                            the default, unless --repo-dir is given [NIXFLEET_ISOLATED_REPO_MODE=true|false]
  --no-isolated-repo-mode   pull, switch and test --repo-dir itself (fast-forward pulls)
  --repo-url URL            git URL cloned in isolated mode (default: the fleet target's repo from the
                            dashboard, else the origin of the host's configuration checkout) [NIXFLEET_REPO_URL]
  --repo-dir DIR            the host's configuration checkout: worked in when not isolated; in isolated
                            mode only its origin is read (default /etc/nixos, /etc/nix-darwin or
                            ~/.config/home-manager by platform) [NIXFLEET_REPO_DIR]
  --branch NAME             branch followed in isolated mode (default main) [NIXFLEET_BRANCH]
  --interval SECONDS        heartbeat interval, 1..3600 (default 30) [NIXFLEET_INTERVAL]
  --location NAME           cloud, home, work or other (default other) [NIXFLEET_LOCATION]
  --device-type NAME        server, desktop, laptop, gaming or other (default server) [NIXFLEET_DEVICE_TYPE]
  --theme-color #RRGGBB     colour of the host's row (default #769ff0) [NIXFLEET_THEME_COLOR]
  --hostname NAME           name the host registers as (default: the short host name) [NIXFLEET_HOSTNAME]
  --state-dir DIR           host token, command journal, outbox, isolated clone [NIXFLEET_STATE_DIR]
                            (default /var/lib/nixfleet-agent as root, else ~/.local/state/nixfleet-agent)
  --platform NAME           nixos, darwin (nix-darwin) or home-manager (standalone, Linux or macOS)
                            (default: nixos or darwin as root with /run/current-system, else home-manager) [NIXFLEET_PLATFORM]
  --log-level LEVEL         debug, info, warn or error (default info) [NIXFLEET_LOG_LEVEL]
  --outbox-max-mb MB        disk kept for output the dashboard has not stored yet, 1..10000 (default 50) [NIXFLEET_OUTBOX_MAX_MB]
  --confirm-timeout SECONDS after a switch, reach the dashboard over a new connection within this time or
                            the watchdog switches back to the previous generation; 0 turns it off,
                            0..3600 (default 120) [NIXFLEET_CONFIRM_TIMEOUT]
  --rollback-on-test-failure  roll back when the host's tests fail after a switch (default: only report
                            the switch failed) [NIXFLEET_ROLLBACK_ON_TEST_FAILURE=true|false]
  --version                 print the version and exit
  -h, --help                print this help and exit

Environment only:
  NIXFLEET_STOP_GRACE_SECONDS   seconds between SIGTERM and SIGKILL when a command is stopped (default 10)
  NIXFLEET_CURRENT_SYSTEM_LINK  link to the running system (default /run/current-system, or Home Manager's
                                gcroots/current-home for home-manager)
  NIXFLEET_PROFILE              the Nix profile of the generations (default /nix/var/nix/profiles/system, or
                                ~/.local/state/nix/profiles/home-manager for home-manager)
  NIXFLEET_AGENT_SELF_PATH      file whose change by a switch makes the agent exit 75 (default: its executable)

Exit codes: 0 stopped, 2 bad options, 75 restart me (a switch replaced the agent), 1 unexpected failure.
`;

const DEFAULT_INTERVAL_SECONDS = 30;
const DEFAULT_OUTBOX_MAX_MB = 50;
const DEFAULT_STOP_GRACE_SECONDS = 10;
const DEFAULT_CONFIRM_TIMEOUT_SECONDS = 120;
const DEFAULT_THEME_COLOR = "#769ff0";

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Turns node:util's parse errors into one line naming the option, without its error code. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/\s*To specify an option argument starting with a dash.*$/s, "")
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

function parseInteger(
  text: string,
  option: string,
  min: number,
  max: number,
  unit: string,
  errors: string[],
): number | undefined {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    errors.push(`${option}: expected a whole number of ${unit} from ${min} to ${max}, got "${text}"`);
    return undefined;
  }
  return Number(text);
}

function parseChoice<T extends string>(text: string, option: string, choices: readonly T[], errors: string[]): T | undefined {
  const found = choices.find((choice) => choice === text);
  if (found === undefined) errors.push(`${option}: expected one of ${choices.join(", ")}, got "${text}"`);
  return found;
}

/** ws:// and wss:// are what users write (the seed README says so); socket.io-client wants http(s). */
export function toSocketUrl(text: string, errors: string[], warnings: string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    errors.push(`--url: "${text}" is not a URL (expected e.g. wss://fleet.example.com)`);
    return undefined;
  }
  const schemes: Record<string, string> = { "ws:": "http:", "wss:": "https:", "http:": "http:", "https:": "https:" };
  const scheme = schemes[parsed.protocol];
  if (scheme === undefined) {
    errors.push(`--url: scheme ${parsed.protocol} is not supported (use ws://, wss://, http:// or https://)`);
    return undefined;
  }
  if (parsed.username || parsed.password) {
    errors.push("--url: must not carry a user name or password (the token file authenticates the agent)");
    return undefined;
  }
  if (parsed.pathname !== "/" || parsed.search || parsed.hash) {
    warnings.push(`--url: the path, query and fragment of ${text} are ignored; the agent connects to ${parsed.host}/agent`);
  }
  return `${scheme}//${parsed.host}`;
}

function parseBooleanEnv(text: string | undefined, name: string, errors: string[]): boolean | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  if (["true", "1", "yes"].includes(lower)) return true;
  if (["false", "0", "no"].includes(lower)) return false;
  errors.push(`${name}: expected true or false, got "${text}"`);
  return undefined;
}

function defaultStateDir(env: Env, machine: MachineDefaults): string {
  if (machine.isRoot) return "/var/lib/nixfleet-agent";
  const stateHome = present(env.XDG_STATE_HOME) ?? path.join(machine.homeDir, ".local", "state");
  return path.join(stateHome, "nixfleet-agent");
}

/**
 * Isolated mode is the default (as in the seed README). `--repo-dir` alone keeps meaning what it
 * meant before that default changed: work in that checkout. An explicit choice wins either way.
 */
function isolatedChoice(
  values: { "isolated-repo-mode"?: boolean; "no-isolated-repo-mode"?: boolean },
  env: Env,
  repoDirGiven: boolean,
  errors: string[],
): boolean {
  if (values["isolated-repo-mode"] && values["no-isolated-repo-mode"]) {
    errors.push("--isolated-repo-mode: given together with --no-isolated-repo-mode; pass one");
  }
  if (values["isolated-repo-mode"]) return true;
  if (values["no-isolated-repo-mode"]) return false;
  return parseBooleanEnv(present(env.NIXFLEET_ISOLATED_REPO_MODE), "NIXFLEET_ISOLATED_REPO_MODE", errors) ?? !repoDirGiven;
}

/**
 * Reads flags, falling back to environment variables, into validated options. Pure: the machine's
 * own facts come in through `machine`. Every problem is reported, one line each, naming the option.
 */
export function parseAgentOptions(argv: readonly string[], env: Env, machine: MachineDefaults): CliOutcome {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>["values"];
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return { kind: "invalid", errors: [describeParseError(error)] };
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const errors: string[] = [];
  const warnings: string[] = [];
  const pick = (flag: string | undefined, envName: string) => present(flag) ?? present(env[envName]);

  const urlText = pick(values.url, "NIXFLEET_URL");
  const url = urlText === undefined ? undefined : toSocketUrl(urlText, errors, warnings);
  if (urlText === undefined) errors.push("--url: required (or NIXFLEET_URL), e.g. wss://fleet.example.com");

  const tokenFileText = pick(values["token-file"], "NIXFLEET_TOKEN_FILE");
  if (tokenFileText === undefined) errors.push("--token-file: required (or NIXFLEET_TOKEN_FILE): the file holding the agent token");

  const repoUrl = pick(values["repo-url"], "NIXFLEET_REPO_URL");
  const repoDirText = pick(values["repo-dir"], "NIXFLEET_REPO_DIR");
  const isolatedRepoMode = isolatedChoice(values, env, repoDirText !== undefined, errors);
  const branch = pick(values.branch, "NIXFLEET_BRANCH") ?? "main";
  if (!/^[A-Za-z0-9._/-]{1,200}$/.test(branch) || branch.startsWith("-") || branch.includes("..")) {
    errors.push(`--branch: "${branch}" is not a usable branch name`);
  }
  if (!isolatedRepoMode && repoUrl !== undefined) {
    warnings.push("--repo-url: only used with --isolated-repo-mode; the agent works in --repo-dir");
  }

  const intervalText = pick(values.interval, "NIXFLEET_INTERVAL");
  const intervalSeconds =
    intervalText === undefined ? DEFAULT_INTERVAL_SECONDS : parseInteger(intervalText, "--interval", 1, 3600, "seconds", errors);
  const outboxText = pick(values["outbox-max-mb"], "NIXFLEET_OUTBOX_MAX_MB");
  const outboxMaxMb =
    outboxText === undefined ? DEFAULT_OUTBOX_MAX_MB : parseInteger(outboxText, "--outbox-max-mb", 1, 10_000, "megabytes", errors);
  const confirmText = pick(values["confirm-timeout"], "NIXFLEET_CONFIRM_TIMEOUT");
  const confirmTimeoutSeconds =
    confirmText === undefined
      ? DEFAULT_CONFIRM_TIMEOUT_SECONDS
      : parseInteger(confirmText, "--confirm-timeout", 0, 3600, "seconds", errors);
  const rollbackOnTestFailure =
    values["rollback-on-test-failure"] ??
    parseBooleanEnv(present(env.NIXFLEET_ROLLBACK_ON_TEST_FAILURE), "NIXFLEET_ROLLBACK_ON_TEST_FAILURE", errors) ??
    false;
  const graceText = present(env.NIXFLEET_STOP_GRACE_SECONDS);
  const stopGraceSeconds =
    graceText === undefined
      ? DEFAULT_STOP_GRACE_SECONDS
      : parseInteger(graceText, "NIXFLEET_STOP_GRACE_SECONDS", 0, 3600, "seconds", errors);

  const location = parseChoice(pick(values.location, "NIXFLEET_LOCATION") ?? "other", "--location", LOCATIONS, errors);
  const deviceType = parseChoice(pick(values["device-type"], "NIXFLEET_DEVICE_TYPE") ?? "server", "--device-type", DEVICE_TYPES, errors);
  const logLevel = parseChoice(pick(values["log-level"], "NIXFLEET_LOG_LEVEL") ?? "info", "--log-level", LOG_LEVELS, errors);
  const detectedPlatform: Platform = detectPlatform({
    osPlatform: machine.osPlatform,
    isRoot: machine.isRoot,
    hasSystemProfile: machine.hasSystemProfile ?? false,
  });
  const platform = parseChoice(pick(values.platform, "NIXFLEET_PLATFORM") ?? detectedPlatform, "--platform", PLATFORMS, errors);

  const themeColor = pick(values["theme-color"], "NIXFLEET_THEME_COLOR") ?? DEFAULT_THEME_COLOR;
  if (!themeColorSchema.safeParse(themeColor).success) errors.push(`--theme-color: expected #rrggbb, got "${themeColor}"`);

  const explicitHostname = pick(values.hostname, "NIXFLEET_HOSTNAME");
  const hostname = explicitHostname ?? machine.hostname.split(".")[0] ?? "";
  if (!hostNameSchema.safeParse(hostname).success) {
    errors.push(
      explicitHostname === undefined
        ? `--hostname: the machine's host name "${hostname}" cannot be used (letters, digits, - and _, at most 63); pass --hostname`
        : `--hostname: "${hostname}" is not valid (letters, digits, - and _, at most 63 characters, starting with a letter or digit)`,
    );
  }

  const stateDir = path.resolve(machine.cwd, pick(values["state-dir"], "NIXFLEET_STATE_DIR") ?? defaultStateDir(env, machine));
  const currentSystemLinkText = present(env.NIXFLEET_CURRENT_SYSTEM_LINK);
  const repoDir = repoDirText === undefined ? null : path.resolve(machine.cwd, repoDirText);
  const selfPathText = present(env.NIXFLEET_AGENT_SELF_PATH);
  const profileText = present(env.NIXFLEET_PROFILE);

  if (
    errors.length > 0 ||
    url === undefined ||
    tokenFileText === undefined ||
    intervalSeconds === undefined ||
    outboxMaxMb === undefined ||
    stopGraceSeconds === undefined ||
    confirmTimeoutSeconds === undefined ||
    location === undefined ||
    deviceType === undefined ||
    logLevel === undefined ||
    platform === undefined
  ) {
    return { kind: "invalid", errors };
  }

  return {
    kind: "run",
    warnings,
    options: {
      url,
      tokenFile: path.resolve(machine.cwd, tokenFileText),
      isolatedRepoMode,
      repoUrl: isolatedRepoMode ? (repoUrl ?? null) : null,
      repoDir: isolatedRepoMode ? path.join(stateDir, "repo") : repoDir,
      checkoutDir: repoDir ?? (isolatedRepoMode ? platformSupport(platform).configCheckout(machine.homeDir) : null),
      branch,
      intervalSeconds,
      location,
      deviceType,
      themeColor,
      hostname,
      stateDir,
      platform,
      logLevel,
      outboxMaxBytes: outboxMaxMb * 1024 * 1024,
      stopGraceMs: stopGraceSeconds * 1000,
      currentSystemLink: currentSystemLinkText ?? platformSupport(platform).currentSystemLink(machine.homeDir),
      profile: profileText ?? platformSupport(platform).profile(machine.homeDir),
      confirmTimeoutSeconds,
      rollbackOnTestFailure,
      selfPath: selfPathText ?? machine.execPath,
    },
  };
}
