import { SessionValidity } from "../auth/session-validity";
import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { CLIENT_IP_HEADER } from "../auth/client-address";
import { ADMIN_USER, rotatingJwt } from "../auth/session";
import { parseConfig } from "../config";
import { createLogger } from "../logger";
import { hostNameSchema } from "../protocol/fields";
import { setRuntime, type Runtime } from "../runtime";
import { ServiceError } from "../service-error";
import { ROUTE, route } from "./route";

const secret = randomBytes(32).toString("hex");
let logLines: string[];

beforeEach(() => {
  logLines = [];
  const env = { NIXFLEET_PASSWORD_HASH: "$2b$12$" + "a".repeat(53), NIXFLEET_SESSION_SECRET: secret, NIXFLEET_AGENT_TOKEN: "t".repeat(32) };
  const parsed = parseConfig(env, "/srv");
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  // The helper reads only the config, the logger and the session validity of the runtime.
  const runtime: Partial<Runtime> = {
    config: parsed.config,
    log: createLogger("debug", (line) => logLines.push(line)),
    sessions: new SessionValidity({ read: async () => null, write: async () => undefined }),
  };
  setRuntime(runtime as Runtime);
});

async function sessionCookie(claims: Record<string, unknown> = { sub: ADMIN_USER }): Promise<string> {
  const token = await rotatingJwt([secret], { isCurrent: async () => true }).encode({ token: claims, secret: "", maxAge: 3600 });
  return `next-auth.session-token=${token}`;
}

async function call(
  handler: ReturnType<typeof route>,
  init: { method?: string; path?: string; params?: Record<string, string>; body?: string; cookie?: string | null } = {},
) {
  const cookie = init.cookie === undefined ? await sessionCookie() : init.cookie;
  const request = new Request(`http://dashboard.test${init.path ?? "/api/thing"}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(cookie ? { cookie } : {}), [CLIENT_IP_HEADER]: "192.0.2.7", "content-type": "application/json" },
    body: init.body,
  });
  const response = await handler(request, { params: Promise.resolve(init.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null, headers: response.headers };
}

const hostParams = z.object({ name: hostNameSchema });

describe("route", () => {
  it("hands the handler the caller, the address and the checked input, and sends its value as JSON", async () => {
    const handler = route(
      { role: "operator", params: hostParams, query: z.object({ page: z.coerce.number().int().min(0) }), body: z.object({ type: z.enum(["pull"]) }) },
      async ({ caller, ip, params, query, body }) => ({ caller, ip, name: params.name, page: query.page, type: body.type }),
    );
    const answer = await call(handler, { path: "/api/hosts/web-1?page=2", params: { name: "web-1" }, body: '{"type":"pull"}' });
    expect(answer).toMatchObject({
      status: 200,
      body: { caller: { user: ADMIN_USER, role: "admin" }, ip: "192.0.2.7", name: "web-1", page: 2, type: "pull" },
    });
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  it("passes a Response the handler made through as it is", async () => {
    const handler = route({ role: "viewer" }, async () => new Response("plain", { status: 201 }));
    const response = await handler(new Request("http://dashboard.test/x", { headers: { cookie: await sessionCookie() } }));
    expect([response.status, await response.text()]).toEqual([201, "plain"]);
  });

  it("answers 401 without a session and 403 to a role below the route's, without calling the handler", async () => {
    let calls = 0;
    const handler = route({ role: "operator" }, async () => ++calls);
    const anonymous = await call(handler, { cookie: null });
    const viewer = await call(handler, { cookie: await sessionCookie({ sub: ADMIN_USER, role: "viewer" }) });
    expect(anonymous).toMatchObject({ status: 401, body: { error: "not logged in", requestId: expect.any(String) } });
    expect(viewer).toMatchObject({ status: 403, body: { error: "this needs the operator role", requestId: expect.any(String) } });
    expect(calls).toBe(0);
  });

  it("lets anyone call a public route, telling the handler whether someone is signed in", async () => {
    const handler = route({ role: "public" }, async ({ caller }) => ({ caller }));
    expect((await call(handler, { cookie: null })).body).toEqual({ caller: null });
    expect((await call(handler)).body).toEqual({ caller: { user: ADMIN_USER, role: "admin" } });
  });

  it("answers 400 naming the field for invalid path parameters, query or body, and for a body that is not JSON", async () => {
    const handler = route(
      { role: "viewer", params: hostParams, query: z.object({ page: z.coerce.number().int().min(0) }), body: z.object({ type: z.enum(["pull"]) }) },
      async () => ({ ok: true }),
    );
    const valid = { path: "/x?page=0", params: { name: "web-1" }, body: '{"type":"pull"}' };
    const badName = await call(handler, { ...valid, params: { name: "../etc" } });
    const badPage = await call(handler, { ...valid, path: "/x?page=-1" });
    const badBody = await call(handler, { ...valid, body: '{"type":"reboot"}' });
    const notJson = await call(handler, { ...valid, body: "{type" });
    expect(badName).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^invalid message: name: .*\(in the path\)$/) } });
    expect(badPage).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^invalid message: page: .*\(in the query\)$/) } });
    expect(badBody).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^invalid message: type: .*\(in the body\)$/) } });
    expect(notJson).toMatchObject({ status: 400, body: { error: "request body is not JSON" } });
  });

  it("refuses a body over the cap before parsing it", async () => {
    const handler = route({ role: "viewer", body: z.object({ note: z.string() }), maxBodyBytes: 64 }, async () => ({ ok: true }));
    expect(await call(handler, { body: JSON.stringify({ note: "x".repeat(40) }) })).toMatchObject({ status: 200 });
    expect(await call(handler, { body: JSON.stringify({ note: "x".repeat(100) }) })).toMatchObject({
      status: 413,
      body: { error: "request body too large: at most 64 bytes" },
    });
  });

  it("answers a service's refusal with its status and words", async () => {
    const refusing = (kind: "invalid" | "not-found" | "conflict") => route({ role: "viewer" }, async () => {
      throw new ServiceError(kind, `refused: ${kind}`);
    });
    expect(await call(refusing("invalid"))).toMatchObject({ status: 400, body: { error: "refused: invalid" } });
    expect(await call(refusing("not-found"))).toMatchObject({ status: 404, body: { error: "refused: not-found" } });
    expect(await call(refusing("conflict"))).toMatchObject({ status: 409, body: { error: "refused: conflict" } });
  });

  it("answers an unexpected error with a JSON 500 and no stack, and logs it in logfmt with the same request id", async () => {
    const handler = route({ role: "viewer" }, async () => {
      throw new Error("Foreign key constraint violated on the fields: (`hostName`)");
    });
    const answer = await call(handler, { path: "/api/hosts/web-1/commands", method: "POST" });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ error: "internal error", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const logged = logLines.filter((line) => line.includes("event=http.failed"));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain(`requestId=${String(answer.body!.requestId)}`);
    expect(logged[0]).toContain("level=error");
    expect(logged[0]).toContain("method=POST path=/api/hosts/web-1/commands");
    expect(logged[0]).toContain("Foreign key constraint violated");
  });

  it("brands the handler with its role, for the route walker", () => {
    expect(route({ role: "operator" }, async () => null)[ROUTE]).toEqual({ role: "operator" });
  });
});
