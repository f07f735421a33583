/**
 * The log line both the dashboard and the agent write: `time=… level=info event=agent.registered
 * host=web-1`, one logfmt line per event. It lives in the protocol because it is a contract between
 * the two (operators and the e2e tests read both with the same patterns) and the protocol is the one
 * folder the agent may import. Secrets never reach a line, whoever calls: a field with a
 * secret-looking name is redacted whole, and secrets inside free text (an error message quoting a
 * header or a connection URL) are cut out.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export const REDACTED = "<redacted>";

/** A name that holds a secret (`token`, `hostToken`, `sessionSecret`, `apiKey`), not one that names it (`tokenId`). */
const SECRET_FIELD = /^(auth|authorization|cookie|set-cookie|credentials?|(\w*[_-])?(api[_-]?key|passphrase)|\w*(token|secret|password|passwd))$/i;

/** Secrets inside free text; each pattern's first group (what names the secret) stays, the rest is cut. */
const SECRET_IN_TEXT: readonly RegExp[] = [
  // Authorization headers: `Bearer abc`, `Basic abc`.
  /\b((?:bearer|basic)\s+)[^\s"',;]+/gi,
  // Cookie headers, whole: `cookie: a=b; c=d`.
  /\b((?:set-)?cookie\s*[:=]\s*)[^\r\n"]+/gi,
  // Assignments in headers, queries and messages: `token=abc`, `password: abc`, `?client_secret=abc`.
  /\b([\w.-]*(?:token|secret|password|passwd|api[_-]?key|authorization)\s*[:=]\s*)[^\s"'&;,]+/gi,
  // A password in a URL: `postgresql://user:secret@host`.
  /(\/\/[^\s/:@]+:)[^\s/@]+(?=@)/g,
];

export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** `text` with every secret it quotes replaced by <redacted>; the names around them stay, to say what was cut. */
export function redactSecrets(text: string): string {
  return SECRET_IN_TEXT.reduce((result, pattern) => result.replace(pattern, `$1${REDACTED}`), text);
}

function formatValue(value: string | number | boolean | null): string {
  const text = typeof value === "string" ? redactSecrets(value) : String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

export function formatLogLine(level: LogLevel, event: string, fields: LogFields, now: Date): string {
  const parts = [`time=${now.toISOString()}`, `level=${level}`, `event=${event}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${isSecretField(key) ? REDACTED : formatValue(value)}`);
  }
  return parts.join(" ");
}

/** A logger writing formatted lines to `write`, dropping those below `level`. */
export function createLineLogger(level: LogLevel, write: (line: string, lineLevel: LogLevel) => void): Logger {
  const emit = (lineLevel: LogLevel, event: string, fields: LogFields = {}) => {
    if (LOG_LEVEL_RANK[lineLevel] >= LOG_LEVEL_RANK[level]) write(formatLogLine(lineLevel, event, fields, new Date()), lineLevel);
  };
  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
  };
}
