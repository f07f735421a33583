import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { isProduction, type Secrets } from "./config";

export const FIRST_RUN_FILE = "first-run-secrets.json";

export interface FirstRunSecrets {
  secrets: Partial<Secrets>;
  /** The generated admin password, present only on the start that created it. */
  newPassword?: string;
  file?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Outside production, a dashboard started with no password hash invents its own secrets so that
 * `npm start` works on a laptop. They are kept (the password only as a hash) in the data dir so a
 * second start reuses them.
 */
export function loadFirstRunSecrets(env: Env, dataDir: string): FirstRunSecrets {
  if (isProduction(env) || env.NIXFLEET_PASSWORD_HASH?.trim()) return { secrets: {} };
  const file = path.join(dataDir, FIRST_RUN_FILE);
  const existing = readSecretsFile(file);
  if (existing) return { secrets: existing, file };

  const newPassword = randomBytes(12).toString("base64url");
  const secrets: Secrets = {
    passwordHash: bcrypt.hashSync(newPassword, 12),
    sessionSecret: randomBytes(32).toString("hex"),
    agentToken: randomBytes(32).toString("hex"),
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  return { secrets, newPassword, file };
}

function readSecretsFile(file: string): Secrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed === "object" && parsed !== null &&
    typeof (parsed as Secrets).passwordHash === "string" &&
    typeof (parsed as Secrets).sessionSecret === "string" &&
    typeof (parsed as Secrets).agentToken === "string"
  ) {
    return parsed as Secrets;
  }
  throw new Error(`${file} is damaged: delete it to generate new first-run secrets`);
}
