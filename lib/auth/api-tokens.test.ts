import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import { ApiTokenService, bearerToken } from "./api-tokens";

describe("bearerToken", () => {
  it("reads the token of a Bearer header, whatever the scheme's case, and nothing else", () => {
    expect(bearerToken("Bearer abc.DEF_-")).toBe("abc.DEF_-");
    expect(bearerToken("bearer abc")).toBe("abc");
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
  });
});

describe("ApiTokenService", () => {
  let store: Store;
  let now: Date;
  let tokens: ApiTokenService;

  beforeEach(async () => {
    store = await createTestStore();
    now = new Date("2026-12-05T12:00:00Z");
    tokens = new ApiTokenService(store, storeAudit(store), () => now);
  });
  afterEach(() => store.$disconnect());

  const bearer = (token: string) => `Bearer ${token}`;

  it("creates a token shown once, stores only its hash, and audits who created it with which scopes", async () => {
    const { token, view } = await tokens.create("prometheus", ["metrics"], "admin", "192.0.2.7");

    expect(token).toMatch(/^nfa_[A-Za-z0-9_-]{43}$/);
    const rows = await store.apiToken.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(view).toMatchObject({ name: "prometheus", scopes: ["metrics"], createdBy: "admin", revokedAt: null });
    expect(await store.auditEvent.findMany({ select: { actor: true, action: true, target: true, sourceIp: true } })).toEqual([
      { actor: "admin", action: "token.api-create", target: "prometheus", sourceIp: "192.0.2.7" },
    ]);
  });

  it("lets a token in only for a scope it holds", async () => {
    const { token } = await tokens.create("ci", ["rollouts"], "admin", "");

    expect(await tokens.authenticate(bearer(token), "rollouts")).toMatchObject({ ok: true, caller: { name: "ci", scope: "rollouts" } });
    expect(await tokens.authenticate(bearer(token), "metrics")).toEqual({ ok: false, status: 403, reason: "this API token lacks the metrics scope" });
  });

  it("refuses a missing, malformed or unknown token with 401", async () => {
    await tokens.create("ci", ["rollouts"], "admin", "");

    expect(await tokens.authenticate(null, "rollouts")).toMatchObject({ ok: false, status: 401, reason: "expected Authorization: Bearer <API token>" });
    expect(await tokens.authenticate("Basic abc", "rollouts")).toMatchObject({ ok: false, status: 401 });
    expect(await tokens.authenticate(bearer("nfa_guessed"), "rollouts")).toEqual({ ok: false, status: 401, reason: "unknown or revoked API token" });
  });

  it("refuses a revoked token at once, audits the revoke, and refuses revoking it twice", async () => {
    const { token, view } = await tokens.create("ci", ["rollouts", "metrics"], "admin", "");

    await tokens.revoke(view.id, "admin", "192.0.2.7");

    expect(await tokens.authenticate(bearer(token), "rollouts")).toMatchObject({ ok: false, status: 401 });
    expect((await tokens.list())[0]!.revokedAt).not.toBeNull();
    expect((await store.auditEvent.findMany({ orderBy: { id: "asc" } })).at(-1)).toMatchObject({ action: "token.api-revoke", target: view.id });
    await expect(tokens.revoke(view.id, "admin", "")).rejects.toThrow(ServiceError);
  });

  it("records when a token was last used, at most once a minute", async () => {
    const { token, view } = await tokens.create("prometheus", ["metrics"], "admin", "");
    const lastUsed = async () => (await tokens.list()).find((t) => t.id === view.id)!.lastUsedAt;

    await tokens.authenticate(bearer(token), "metrics");
    expect(await lastUsed()).toBe(now.getTime());
    const first = now.getTime();
    now = new Date(first + 15_000);
    await tokens.authenticate(bearer(token), "metrics");
    expect(await lastUsed()).toBe(first);
    now = new Date(first + 60_000);
    await tokens.authenticate(bearer(token), "metrics");
    expect(await lastUsed()).toBe(first + 60_000);
  });
});
