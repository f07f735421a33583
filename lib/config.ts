import { isIP } from "node:net";
import path from "node:path";
import { parseOidcConfig, type OidcConfig } from "./oidc-config";
import { LOG_LEVELS, type LogLevel } from "./protocol/log-format";
import { gitopsRolloutSchema, type GitopsEnv } from "./protocol/gitops";

export interface Config {
  port: number;
  bindAddress: string;
  dataDir: string;
  databaseUrl: string;
  logLevel: LogLevel;
  production: boolean;
  passwordHash: string;
  /** The first secret signs session cookies; every one of them verifies. */
  sessionSecrets: string[];
  /** The shared token agents bootstrap with; null when NIXFLEET_SHARED_TOKEN=off. */
  agentToken: string | null;
  totpSecret: string | null;
  versionUrl: string | null;
  /** How long a command whose agent went away may wait for it before it is marked lost. */
  commandLostAfterSeconds: number;
  /** Characters of output kept per command (NIXFLEET_OUTPUT_LIMIT_MIB, in MiB). */
  outputLimitChars: number;
  /** flake.lock ages (days) up to which the L indicator is green, then yellow; older is red. */
  lockGreenDays: number;
  lockYellowDays: number;
  /** How long audit events are kept. */
  auditRetentionDays: number;
  /** Reverse proxies whose X-Forwarded-For is believed (exact addresses). */
  trustedProxies: string[];
  /** Open Socket.IO connections (agents and browsers) allowed from one client address. */
  connectionsPerAddress: number;
  /** Single sign-on, or null when it is not configured. */
  oidc: OidcConfig | null;
  /** GET /metrics answers (to a session or a metrics-scoped API token) only when this is on. */
  metricsEnabled: boolean;
  /** Notifications of one kind less than this many seconds apart go out as one message per channel. */
  notifyCoalesceSeconds: number;
  /** The GitOps policy's saved rollout (NIXFLEET_GITOPS_ROLLOUT): started when the fleet target moves; null: off. */
  gitopsEnv: GitopsEnv;
}

/** Secrets that may come from the environment or, on a first try, from the data dir. */
export interface Secrets {
  passwordHash: string;
  sessionSecret: string;
  agentToken: string;
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

type Env = Record<string, string | undefined>;

const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;
const BASE32 = /^[A-Z2-7]+=*$/;
const MIN_SECRET_LENGTH = 32;
const MIN_AGENT_TOKEN_LENGTH = 16;

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** True when the dashboard must not invent its own secrets (a real deployment). */
export function isProduction(env: Env): boolean {
  return env.NODE_ENV === "production";
}

export function defaultDataDir(env: Env, cwd: string): string {
  return path.resolve(cwd, present(env.NIXFLEET_DATA_DIR) ?? "data");
}

/**
 * Reads the environment into one validated config. `fallback` holds the generated first-run
 * secrets, used only for variables the environment leaves unset.
 */
export function parseConfig(env: Env, cwd: string, fallback?: Partial<Secrets>): ConfigResult {
  const errors: string[] = [];
  const production = isProduction(env);

  const port = readInteger(env, "PORT", 8000, 1, 65_535, "a port number", errors);

  const logLevelText = (present(env.NIXFLEET_LOG_LEVEL) ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelText)) {
    errors.push(`NIXFLEET_LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${logLevelText}")`);
  }

  const dataDir = defaultDataDir(env, cwd);
  const databaseUrl = present(env.DATABASE_URL) ?? `file:${path.join(dataDir, "nixfleet.db")}`;
  if (!/^(file:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    errors.push("DATABASE_URL must start with postgresql:// (or be unset for the embedded SQLite store)");
  }

  const passwordHash = present(env.NIXFLEET_PASSWORD_HASH) ?? fallback?.passwordHash;
  if (!passwordHash) {
    errors.push("NIXFLEET_PASSWORD_HASH is required: a bcrypt hash of the admin password ($2a$, $2b$ or $2y$)");
  } else if (!BCRYPT_HASH.test(passwordHash)) {
    errors.push("NIXFLEET_PASSWORD_HASH is not a bcrypt hash: expected $2a$, $2b$ or $2y$, a cost and 53 characters");
  }

  const sessionSecretText = present(env.NIXFLEET_SESSION_SECRET) ?? fallback?.sessionSecret;
  const sessionSecrets = (sessionSecretText ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (sessionSecrets.length === 0) {
    errors.push("NIXFLEET_SESSION_SECRET is required: a random secret, e.g. from `openssl rand -hex 32`");
  } else if (sessionSecrets.some((s) => s.length < MIN_SECRET_LENGTH)) {
    errors.push(`NIXFLEET_SESSION_SECRET: every comma-separated secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }

  const sharedTokenSetting = (present(env.NIXFLEET_SHARED_TOKEN) ?? "on").toLowerCase();
  if (sharedTokenSetting !== "on" && sharedTokenSetting !== "off") {
    errors.push(`NIXFLEET_SHARED_TOKEN must be on or off (got "${sharedTokenSetting}")`);
  }
  const sharedTokenOn = sharedTokenSetting !== "off";
  const agentToken = sharedTokenOn ? (present(env.NIXFLEET_AGENT_TOKEN) ?? fallback?.agentToken ?? null) : null;
  if (sharedTokenOn && !agentToken) {
    errors.push("NIXFLEET_AGENT_TOKEN is required: the shared token agents use to register (or set NIXFLEET_SHARED_TOKEN=off)");
  } else if (agentToken && agentToken.length < MIN_AGENT_TOKEN_LENGTH) {
    errors.push(`NIXFLEET_AGENT_TOKEN must be at least ${MIN_AGENT_TOKEN_LENGTH} characters`);
  }

  const totpText = present(env.NIXFLEET_TOTP_SECRET);
  const totpSecret = totpText ? totpText.replace(/\s+/g, "").toUpperCase() : null;
  if (totpSecret !== null && (!BASE32.test(totpSecret) || totpSecret.replace(/=+$/, "").length < 16)) {
    errors.push("NIXFLEET_TOTP_SECRET must be a base32 secret of at least 16 characters (A-Z, 2-7)");
  }

  const versionUrl = present(env.NIXFLEET_VERSION_URL) ?? null;
  if (versionUrl !== null && !isHttpUrl(versionUrl)) {
    errors.push(`NIXFLEET_VERSION_URL must be an http:// or https:// URL (got "${versionUrl}")`);
  }

  const gitopsEnv = readGitopsEnv(present(env.NIXFLEET_GITOPS_ROLLOUT), errors);

  const commandLostAfterSeconds = readInteger(env, "NIXFLEET_COMMAND_LOST_AFTER_SECONDS", 900, 1, 86_400, "seconds", errors);
  const outputLimitMiB = readInteger(env, "NIXFLEET_OUTPUT_LIMIT_MIB", 64, 1, 1_024, "MiB", errors);
  const auditRetentionDays = readInteger(env, "NIXFLEET_AUDIT_RETENTION_DAYS", 365, 1, 36_500, "days", errors);
  const connectionsPerAddress = readInteger(env, "NIXFLEET_CONNECTIONS_PER_ADDRESS", 1_000, 1, 1_000_000, "connections", errors);
  const lockGreenDays = readInteger(env, "NIXFLEET_LOCK_GREEN_DAYS", 7, 0, 3_650, "days", errors);
  const lockYellowDays = readInteger(env, "NIXFLEET_LOCK_YELLOW_DAYS", 30, 0, 3_650, "days", errors);
  if (lockYellowDays < lockGreenDays) {
    errors.push("NIXFLEET_LOCK_YELLOW_DAYS must not be smaller than NIXFLEET_LOCK_GREEN_DAYS");
  }

  const trustedProxies = (present(env.NIXFLEET_TRUSTED_PROXIES) ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  const badProxy = trustedProxies.find((p) => !isIP(p));
  if (badProxy !== undefined) {
    errors.push(`NIXFLEET_TRUSTED_PROXIES must list IP addresses separated by commas (got "${badProxy}")`);
  }

  const oidc = parseOidcConfig(env, errors);
  const metricsText = (present(env.NIXFLEET_METRICS) ?? "off").toLowerCase();
  const metricsEnabled = ["1", "on", "true"].includes(metricsText);
  if (!metricsEnabled && !["0", "off", "false"].includes(metricsText)) {
    errors.push(`NIXFLEET_METRICS must be on or off (got "${metricsText}")`);
  }

  const notifyCoalesceSeconds = readInteger(env, "NIXFLEET_NOTIFY_COALESCE_SECONDS", 10, 1, 3_600, "seconds", errors);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      port,
      bindAddress: present(env.NIXFLEET_BIND_ADDRESS) ?? "0.0.0.0",
      dataDir,
      databaseUrl,
      logLevel: logLevelText as LogLevel,
      production,
      passwordHash: passwordHash!,
      sessionSecrets,
      agentToken,
      totpSecret,
      versionUrl,
      commandLostAfterSeconds,
      outputLimitChars: outputLimitMiB * 1024 * 1024,
      lockGreenDays,
      lockYellowDays,
      auditRetentionDays,
      trustedProxies,
      connectionsPerAddress,
      oidc,
      metricsEnabled,
      notifyCoalesceSeconds,
      gitopsEnv,
    },
  };
}

/**
 * `{"scope": …, "plan": …}` as POST /api/rollouts takes it, or "off": either fixes the GitOps policy
 * (the settings panel shows it read-only); unset, the panel's saved policy is in force.
 */
function readGitopsEnv(text: string | undefined, errors: string[]): GitopsEnv {
  if (text === undefined) return { kind: "unset" };
  if (text === "off") return { kind: "off" };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    errors.push('NIXFLEET_GITOPS_ROLLOUT must be JSON: {"scope":{"kind":"fleet"},"plan":{…}} (see README, Rollouts)');
    return { kind: "unset" };
  }
  const parsed = gitopsRolloutSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    errors.push(`NIXFLEET_GITOPS_ROLLOUT: ${issue?.path.join(".") || "value"}: ${issue?.message ?? "invalid"}`);
    return { kind: "unset" };
  }
  return { kind: "on", ...parsed.data };
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number, unit: string, errors: string[]): number {
  const text = present(env[name]);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    errors.push(`${name} must be ${unit === "a port number" ? unit : `a whole number of ${unit}`} from ${min} to ${max} (got "${text}")`);
    return fallback;
  }
  return value;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
