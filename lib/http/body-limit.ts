import type { IncomingMessage } from "node:http";

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
