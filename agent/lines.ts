import { StringDecoder } from "node:string_decoder";
import { MAX_LINE_LENGTH } from "../lib/protocol/index";

/** Cuts a line the protocol would refuse, saying how much was cut so the reader knows. */
export function truncateLine(line: string, maxLength = MAX_LINE_LENGTH, dropped = 0): string {
  const excess = Math.max(0, line.length - maxLength) + dropped;
  if (excess === 0) return line;
  const marker = ` … [line truncated: ${excess} more characters]`;
  return line.slice(0, Math.max(0, maxLength - marker.length)) + marker;
}

/**
 * Turns a byte stream into lines: decodes UTF-8 across chunk boundaries, strips `\r\n`, and never
 * buffers more than one maximal line, so a process that prints megabytes without a newline cannot
 * grow the agent's memory.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  /** Characters of the current line already thrown away because it was too long. */
  private dropped = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLength = MAX_LINE_LENGTH,
  ) {}

  push(chunk: Buffer | string): void {
    this.consume(typeof chunk === "string" ? chunk : this.decoder.write(chunk));
  }

  /** The stream ended: a last line without a newline is still a line. */
  end(): void {
    this.consume(this.decoder.end());
    if (this.pending !== "" || this.dropped > 0) this.emit(this.pending);
    this.pending = "";
  }

  private consume(text: string): void {
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      this.append(text.slice(start, newline));
      this.emit(this.pending.endsWith("\r") ? this.pending.slice(0, -1) : this.pending);
      this.pending = "";
      start = newline + 1;
    }
    this.append(text.slice(start));
  }

  private append(text: string): void {
    const room = this.maxLength + 1 - this.pending.length;
    if (text.length <= room) {
      this.pending += text;
    } else {
      this.pending += text.slice(0, Math.max(0, room));
      this.dropped += text.length - Math.max(0, room);
    }
  }

  private emit(line: string): void {
    const dropped = this.dropped;
    this.dropped = 0;
    this.onLine(truncateLine(line, this.maxLength, dropped));
  }
}
