import { readSession } from "../auth/session";
import { getRuntime, type Runtime } from "../runtime";
import { CLIENT_IP_HEADER } from "./client-address";

export interface RouteContext {
  runtime: Runtime;
  user: string;
  ip: string;
}

export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The runtime and who is asking. The server's guard already refused requests without a session;
 * reading it again here gives the user name for the audit log and keeps handlers safe on their own.
 */
export async function routeContext(request: Request): Promise<RouteContext | Response> {
  const runtime = getRuntime();
  const session = await readSession(request.headers.get("cookie") ?? undefined, runtime.config.sessionSecrets, runtime.sessions);
  if (!session) return jsonError(401, "not logged in");
  return { runtime, user: session.user, ip: request.headers.get(CLIENT_IP_HEADER) ?? "" };
}

/** A JSON body of at most `maxBytes`, or null when it is missing, too big or not JSON. */
export async function readJsonBody(request: Request, maxBytes = 16_384): Promise<unknown> {
  const text = await request.text();
  if (text.length === 0 || text.length > maxBytes) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
