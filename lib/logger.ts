import { createLineLogger, LOG_LEVEL_RANK, type LogLevel, type Logger } from "./protocol/log-format";

export type { LogFields, Logger } from "./protocol/log-format";

/** One logfmt line per event (`level=info event=agent.connected host=web-1`), to stderr for warn and error. */
export function createLogger(level: LogLevel, write: (line: string, isError: boolean) => void = defaultWrite): Logger {
  return createLineLogger(level, (line, lineLevel) => write(line, LOG_LEVEL_RANK[lineLevel] >= LOG_LEVEL_RANK.warn));
}

function defaultWrite(line: string, isError: boolean): void {
  (isError ? process.stderr : process.stdout).write(line + "\n");
}
