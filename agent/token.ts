import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./atomic-file";
import { errorMessage } from "./log";

export type TokenRead = { ok: true; token: string } | { ok: false; error: string };

/** The handshake refuses longer tokens (lib/protocol agentAuthSchema). */
const MAX_TOKEN_LENGTH = 512;

/**
 * A token file holds the raw token, or an environment-file line `NIXFLEET_TOKEN=…` (what agenix or
 * sops-nix users often keep), optionally quoted and preceded by `export`.
 */
export function parseTokenFile(text: string): TokenRead {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  let token: string | undefined;
  for (const line of lines) {
    const match = /^(?:export\s+)?NIXFLEET_TOKEN\s*=\s*(.*)$/.exec(line);
    if (match) token = (match[1] ?? "").replace(/^(["'])(.*)\1$/, "$2").trim();
  }
  if (token === undefined) {
    if (lines.length > 1) return { ok: false, error: "has several lines but no NIXFLEET_TOKEN=… line" };
    token = lines[0];
  }
  if (!token) return { ok: false, error: "is empty" };
  if (/\s/.test(token)) return { ok: false, error: "holds a token with spaces in it" };
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, error: `holds a token longer than ${MAX_TOKEN_LENGTH} characters` };
  return { ok: true, token };
}

/** Reads a token file; `label` names it in the error ("token file", "host token file"). */
export function readTokenFile(file: string, label = "token file"): TokenRead {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "does not exist" : code === "EACCES" ? "is not readable by this user" : errorMessage(error);
    return { ok: false, error: `${label} ${file} ${reason}` };
  }
  const parsed = parseTokenFile(text);
  return parsed.ok ? parsed : { ok: false, error: `${label} ${file} ${parsed.error}` };
}

/** The dashboard issues printable ASCII tokens; anything else in the file means it was damaged. */
const ISSUED_TOKEN_BYTES = /^[\x21-\x7e]+$/;

/**
 * The per-host token the dashboard issued on the first registration with the shared token. Kept in
 * the state dir with mode 0600 and preferred over the token file from then on.
 */
export class HostTokenStore {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = path.join(stateDir, "host-token");
  }

  /** The stored token; null when there is none; the problem, naming the file, when it is damaged. */
  read(): TokenRead | null {
    if (!existsSync(this.file)) return null;
    const read = readTokenFile(this.file, "host token file");
    if (read.ok && !ISSUED_TOKEN_BYTES.test(read.token)) return { ok: false, error: `host token file ${this.file} holds bytes no token has (damaged?)` };
    return read;
  }

  save(token: string): void {
    writeFileAtomic(this.file, token + "\n");
  }

  /** A refused host token is useless; forgetting it lets the next start go straight to the token file. */
  discard(): void {
    rmSync(this.file, { force: true });
  }
}
