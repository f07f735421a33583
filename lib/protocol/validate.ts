import type { z } from "zod";

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Checks a message that crossed a socket, turning zod's issues into one line a peer can act on. */
export function parseMessage<S extends z.ZodType>(schema: S, data: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join(".") : "message"}: ${issue.message}`);
  return { ok: false, error: `invalid message: ${issues.join("; ")}` };
}
