import { createLineLogger, LOG_LEVEL_RANK, type LogLevel, type Logger } from "./protocol/log-format";

export type { LogFields, Logger } from "./protocol/log-format";

/** One logfmt line per event (`level=info event=agent.connected host=web-1`), to stderr for warn and error. */
export function createLogger(level: LogLevel, write: (line: string, isError: boolean) => void = processStreams.write): Logger {
  return createLineLogger(level, (line, lineLevel) => write(line, LOG_LEVEL_RANK[lineLevel] >= LOG_LEVEL_RANK.warn));
}

/** How long a line waits for the next ones, to share their write. */
export const LOG_FLUSH_MS = 20;

interface Stream {
  write(text: string): unknown;
}

/**
 * Gathers log lines for LOG_FLUSH_MS and writes them to their stream in one write: a bulk run to
 * ten thousand hosts logs twenty thousand command changes in seconds, and a write each (synchronous
 * for files and pipes) held the event loop for a system call each. Each stream keeps its lines' order;
 * `flush` writes what waits at once.
 */
export function bufferedLines(out: Stream, err: Stream): { write(line: string, isError: boolean): void; flush(): void } {
  const waiting = { out: [] as string[], err: [] as string[] };
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (waiting.out.length > 0) out.write(waiting.out.splice(0).join("\n") + "\n");
    if (waiting.err.length > 0) err.write(waiting.err.splice(0).join("\n") + "\n");
  };
  const write = (line: string, isError: boolean) => {
    (isError ? waiting.err : waiting.out).push(line);
    if (timer) return;
    timer = setTimeout(flush, LOG_FLUSH_MS);
    timer.unref();
  };
  return { write, flush };
}

const processStreams = bufferedLines(process.stdout, process.stderr);
// A process that exits writes the lines of its last moments (an exit handler runs synchronously); one
// killed outright loses at most LOG_FLUSH_MS of them.
process.on("exit", processStreams.flush);
