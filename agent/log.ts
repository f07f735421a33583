/**
 * Structured log lines for the agent: `time=… level=info event=connected host=web-1`, one per
 * event, all on stderr (stdout stays free for `--version` and `--help`, and service managers
 * collect stderr anyway). The format, and the redaction that keeps secrets off every line, is the
 * dashboard's too (lib/protocol/log-format.ts).
 */
import { createLineLogger, type LogLevel, type Logger } from "../lib/protocol/log-format";

export { LOG_LEVELS, type LogFields, type LogLevel, type Logger } from "../lib/protocol/log-format";

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + "\n")): Logger {
  return createLineLogger(level, (line) => write(line));
}

/** For code paths (and tests) that must log somewhere but where nobody reads it. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
