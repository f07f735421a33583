import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { ApiTokenService } from "../auth/api-tokens";
import { ADMIN_USER, rotatingJwt } from "../auth/session";
import { SessionValidity } from "../auth/session-validity";
import { parseConfig } from "../config";
import { createLogger } from "../logger";
import { setRuntime, type Runtime } from "../runtime";
import type { Store } from "../store/client";
import { ROUTE, route } from "./route";

const secret = randomBytes(32).toString("hex");
let store: Store;
let apiTokens: ApiTokenService;

beforeEach(async () => {
  store = await createTestStore();
  apiTokens = new ApiTokenService(store, storeAudit(store));
  const parsed = parseConfig({ NIXFLEET_PASSWORD_HASH: "$2b$12$" + "a".repeat(53), NIXFLEET_SESSION_SECRET: secret, NIXFLEET_AGENT_TOKEN: "t".repeat(32) }, "/srv");
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  const runtime: Partial<Runtime> = {
    config: parsed.config,
    log: createLogger("error", () => undefined),
    sessions: new SessionValidity({ read: async () => null, write: async () => undefined }),
    apiTokens,
  };
  setRuntime(runtime as Runtime);
});
afterEach(() => store.$disconnect());

async function call(handler: ReturnType<typeof route>, headers: Record<string, string>, body?: string) {
  const request = new Request("http://dashboard.test/api/thing", { method: body === undefined ? "GET" : "POST", headers, body });
  const response = await handler(request, { params: Promise.resolve({}) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function sessionCookie(): Promise<string> {
  const token = await rotatingJwt([secret], { isCurrent: async () => true }).encode({ token: { sub: ADMIN_USER }, secret: "", maxAge: 3600 });
  return `next-auth.session-token=${token}`;
}

describe("route with a scope", () => {
  it("lets in a token that holds the route's scope, as the token, with the route's role for this route only", async () => {
    const { token } = await apiTokens.create("ci", ["rollouts"], ADMIN_USER, "");
    const handler = route({ role: "operator", scope: "rollouts", body: z.object({ plan: z.string() }) }, async ({ caller, body }) => ({ caller, plan: body.plan }));

    expect(await call(handler, { authorization: `Bearer ${token}` }, '{"plan":"canary"}')).toMatchObject({
      status: 200,
      body: { caller: { user: "api-token:ci", role: "operator", token: { name: "ci", scope: "rollouts" } }, plan: "canary" },
    });
  });

  it("refuses a token of another scope (403), an unknown one (401), and still lets a session in", async () => {
    const { token } = await apiTokens.create("prometheus", ["metrics"], ADMIN_USER, "");
    const handler = route({ role: "operator", scope: "rollouts" }, async () => ({ ran: true }));

    expect(await call(handler, { authorization: `Bearer ${token}` })).toMatchObject({ status: 403, body: { error: "this API token lacks the rollouts scope" } });
    expect(await call(handler, { authorization: "Bearer nfa_unknown" })).toMatchObject({ status: 401, body: { error: "unknown or revoked API token" } });
    expect(await call(handler, { cookie: await sessionCookie() })).toMatchObject({ status: 200, body: { ran: true } });
  });

  it("never lets a token into a route without a scope, even beside a valid session", async () => {
    const { token } = await apiTokens.create("everything", ["metrics", "rollouts"], ADMIN_USER, "");
    let calls = 0;
    const handler = route({ role: "viewer" }, async () => ++calls);

    expect(await call(handler, { authorization: `Bearer ${token}` })).toMatchObject({ status: 403, body: { error: "API tokens are not accepted here: sign in instead" } });
    expect(await call(handler, { authorization: `Bearer ${token}`, cookie: await sessionCookie() })).toMatchObject({ status: 403 });
    expect(calls).toBe(0);
  });

  it("brands the handler with its scope, for the route walker", () => {
    expect(route({ role: "viewer", scope: "metrics" }, async () => null)[ROUTE]).toEqual({ role: "viewer", scope: "metrics" });
  });
});
