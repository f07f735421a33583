/**
 * Structured log lines for the agent: `time=… level=info event=connected host=web-1`, one per
 * event, all on stderr (stdout stays free for `--version` and `--help`, and service managers
 * collect stderr anyway). Secrets never reach a line: fields with a secret-looking name are
 * redacted, so a careless call cannot leak a token.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /^(token|hostToken|sharedToken|secret|password|auth)$/i;

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

function formatValue(value: string | number | boolean | null): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

export function formatLogLine(level: LogLevel, event: string, fields: LogFields, now: Date): string {
  const parts = [`time=${now.toISOString()}`, `level=${level}`, `event=${event}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${key}=${SECRET_FIELD.test(key) ? "<redacted>" : formatValue(value)}`);
  }
  return parts.join(" ");
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line + "\n"),
): Logger {
  const emit = (lineLevel: LogLevel, event: string, fields: LogFields = {}) => {
    if (RANK[lineLevel] >= RANK[level]) write(formatLogLine(lineLevel, event, fields, new Date()));
  };
  return {
    debug: (event, fields) => emit("debug", event, fields),
    info: (event, fields) => emit("info", event, fields),
    warn: (event, fields) => emit("warn", event, fields),
    error: (event, fields) => emit("error", event, fields),
  };
}

/** For code paths (and tests) that must log somewhere but where nobody reads it. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
