import type { IncomingMessage, ServerResponse } from "node:http";

/** The largest request body the dashboard takes: its API sends small JSON, next-auth small forms. */
export const MAX_BODY_BYTES = 64 * 1024;

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; error: string };

/**
 * Judges a request's body by its headers, before anything reads it (Next.js and next-auth buffer
 * whole bodies): a declared length over the limit is refused, and so is a body of unknown length
 * (chunked), which browsers never send to these routes. Node stops reading at the declared length.
 */
export function checkBodySize(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): BodyVerdict {
  const length = req.headers["content-length"];
  if (length !== undefined) {
    const bytes = Number(length);
    if (!Number.isSafeInteger(bytes) || bytes > maxBytes) return { ok: false, status: 413, error: `request body over ${maxBytes} bytes` };
    return { ok: true };
  }
  if (req.headers["transfer-encoding"] !== undefined) return { ok: false, status: 411, error: "a request body needs a Content-Length" };
  return { ok: true };
}

/** How long a refused body is still read (and thrown away) so the client can read the answer. */
const DISCARD_MS = 1_000;

/**
 * Ends the connection of a request whose body was refused, soon after the answer: at once, the
 * unread body would make the kernel reset the connection, and the reset can destroy the answer
 * before the client has read it. Meanwhile Node reads the body and throws it away.
 */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.once("finish", () => setTimeout(() => req.socket.destroy(), DISCARD_MS).unref());
}
