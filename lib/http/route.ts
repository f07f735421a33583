import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { CLIENT_IP_HEADER } from "../auth/client-address";
import { bearerToken, type ApiTokenCaller } from "../auth/api-tokens";
import { hasRole, type Role } from "../auth/roles";
import type { ApiTokenScope } from "../protocol/api-tokens";
import { readSession } from "../auth/session";
import { parseMessage } from "../protocol/validate";
import { getRuntime, type Runtime } from "../runtime";
import { ServiceError, type ServiceErrorKind } from "../service-error";

/** What a route accepts: who may call it and the protocol schemas its input must satisfy. */
type Schema = z.ZodType | undefined;

type Access = Role | "public";

export interface RouteOptions<R extends Access, P extends Schema, Q extends Schema, B extends Schema> {
  /** The least role a caller needs; "public" only for what is read without a login (health checks, next-auth). */
  role: R;
  /**
   * Also let in an API token that holds this scope (`Authorization: Bearer <token>`), in place of a
   * session. A request with a bearer token is judged by the token alone; a route without a scope
   * refuses every token.
   */
  scope?: R extends "public" ? never : ApiTokenScope;
  params?: P;
  query?: Q;
  body?: B;
  /** The largest JSON body read, in bytes. */
  maxBodyBytes?: number;
}

export interface Caller {
  /** The user, or `api-token:<name>` for a token. */
  user: string;
  /** A token's caller holds the route's role for this route only. */
  role: Role;
  /** Set when an API token called, not a session. */
  token?: ApiTokenCaller;
}

/** Everything a handler gets: the runtime, who asks and from where, and its input, already checked. */
export interface RouteInput<R extends Access, P, Q, B> {
  request: Request;
  runtime: Runtime;
  /** Null only on a public route without a session. */
  caller: R extends "public" ? Caller | null : Caller;
  ip: string;
  requestId: string;
  params: P;
  query: Q;
  body: B;
}

/** What Next.js passes a route handler besides the request. */
interface NextRouteContext {
  params?: Promise<unknown>;
}

export type RouteHandler = ((request: Request, context?: NextRouteContext) => Promise<Response>) & {
  readonly [ROUTE]: { role: Access; scope?: ApiTokenScope };
};

/** Marks a handler as made by `route`; the route walker test reads it. */
export const ROUTE = Symbol.for("nixfleet.route");

const DEFAULT_MAX_BODY_BYTES = 16_384;

const STATUS: Record<ServiceErrorKind, number> = { invalid: 400, "not-found": 404, conflict: 409 };

/** A refusal by the helper itself (no session, wrong role, bad input), with its status. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Inferred<S> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * The one way to write a route handler: reads the session and checks the role, validates path
 * parameters, query and JSON body with the protocol's schemas, and turns every error into a logged,
 * JSON `{ error, requestId }` answer. The handler returns a Response, or a value sent as JSON.
 */
export function route<R extends Access, P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  options: RouteOptions<R, P, Q, B>,
  handler: (input: RouteInput<R, Inferred<P>, Inferred<Q>, Inferred<B>>) => Promise<unknown>,
): RouteHandler {
  const handle = async (request: Request, context?: NextRouteContext): Promise<Response> => {
    const requestId = randomUUID();
    const runtime = getRuntime();
    const url = new URL(request.url);
    const { method } = request;
    const path = url.pathname;
    try {
      const caller = await authorize(request, runtime, options.role, options.scope);
      const input = {
        request,
        runtime,
        caller,
        ip: request.headers.get(CLIENT_IP_HEADER) ?? "",
        requestId,
        params: check(options.params, await context?.params, "path"),
        query: check(options.query, Object.fromEntries(url.searchParams), "query"),
        body: options.body ? check(options.body, await readJsonBody(request, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES), "body") : undefined,
      } as RouteInput<R, Inferred<P>, Inferred<Q>, Inferred<B>>;
      const result = await handler(input);
      return result instanceof Response ? result : Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        runtime.log.info("http.refused", { requestId, method, path, status: refusal.status, error: refusal.message });
        return jsonError(refusal.status, refusal.message, requestId);
      }
      runtime.log.error("http.failed", { requestId, method, path, error: error instanceof Error ? error.message : String(error) });
      return jsonError(500, "internal error", requestId);
    }
  };
  return Object.assign(handle, { [ROUTE]: { role: options.role, scope: options.scope } });
}

async function authorize(request: Request, runtime: Runtime, role: Access, scope: ApiTokenScope | undefined): Promise<Caller | null> {
  const authorization = request.headers.get("authorization");
  if (bearerToken(authorization) !== null && role !== "public") {
    if (!scope) throw new HttpError(403, "API tokens are not accepted here: sign in instead");
    const check = await runtime.apiTokens.authenticate(authorization, scope);
    if (!check.ok) throw new HttpError(check.status, check.reason);
    return { user: `api-token:${check.caller.name}`, role, token: check.caller };
  }
  const session = await readSession(request.headers.get("cookie") ?? undefined, runtime.config.sessionSecrets, runtime.sessions);
  if (role === "public") return session && { user: session.user, role: session.role };
  if (!session) throw new HttpError(401, "not logged in");
  if (!hasRole(session.role, role)) throw new HttpError(403, `this needs the ${role} role`);
  return { user: session.user, role: session.role };
}

function check(schema: z.ZodType | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const parsed = parseMessage(schema, value ?? {});
  if (!parsed.ok) throw new HttpError(400, `${parsed.error} (in the ${where})`);
  return parsed.value;
}

/** The JSON body, read up to `maxBytes`: a bigger one is refused before it is parsed. */
async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `request body too large: at most ${maxBytes} bytes`);
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw new HttpError(413, `request body too large: at most ${maxBytes} bytes`);
  if (bytes.byteLength === 0) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new HttpError(400, "request body is not JSON");
  }
}

function refusalOf(error: unknown): { status: number; message: string } | null {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof ServiceError) return { status: STATUS[error.kind], message: error.message };
  return null;
}

function jsonError(status: number, error: string, requestId: string): Response {
  return Response.json({ error, requestId }, { status, headers: { "cache-control": "no-store" } });
}
