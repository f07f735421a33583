import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../store/client";
import { createTestStore } from "../../test-support/test-store";
import { AgentAuthenticator } from "./agent-auth";

const SHARED = "shared-token-" + "x".repeat(20);

describe("AgentAuthenticator", () => {
  let store: Store;
  let auth: AgentAuthenticator;

  beforeEach(async () => {
    store = await createTestStore();
    auth = new AgentAuthenticator(store, { sharedToken: SHARED });
  });
  afterEach(() => store.$disconnect());

  it("lets a new host in with the shared token, to be given its own", async () => {
    expect(await auth.authenticate("web-1", SHARED, false)).toEqual({ ok: true, via: "shared" });
    expect(await auth.authenticate("web-1", "nope", false)).toEqual({ ok: false, reason: "wrong token" });
  });

  it("binds a per-host token to its host", async () => {
    const { token, tokenId } = await auth.issue("web-1", "manual");
    expect(await auth.authenticate("web-1", token, false)).toEqual({ ok: true, via: "host", tokenId });
    expect(await auth.authenticate("web-2", token, false)).toEqual({ ok: false, reason: "wrong token" });
  });

  it("refuses the shared token for a host that has its own", async () => {
    await auth.issue("web-1", "manual");
    expect(await auth.authenticate("web-1", SHARED, false)).toEqual({
      ok: false, reason: "host has its own token: the shared token is refused",
    });
  });

  it("accepts the shared token again only while a bootstrap token was never used", async () => {
    const { token } = await auth.issue("web-1", "bootstrap");
    expect(await auth.authenticate("web-1", SHARED, false)).toMatchObject({ ok: true, via: "shared" });
    await auth.authenticate("web-1", token, false);
    expect(await auth.authenticate("web-1", SHARED, false)).toMatchObject({ ok: false });
  });

  it("refuses the shared token for a bootstrapped host that is online (issue 12, hole 3)", async () => {
    await auth.issue("web-1", "bootstrap");
    expect(await auth.authenticate("web-1", SHARED, true)).toEqual({ ok: false, reason: "host is online: the shared token is refused" });
  });

  it("refuses the shared token once the agent confirmed storing its bootstrap token (issue 12, hole 3)", async () => {
    const { tokenId } = await auth.issue("web-1", "bootstrap");
    await auth.confirm(tokenId);
    expect(await auth.authenticate("web-1", SHARED, false)).toEqual({ ok: false, reason: "host has its own token: the shared token is refused" });
  });

  it("refuses a revoked or rotated-away token", async () => {
    const first = await auth.issue("web-1", "manual");
    const second = await auth.issue("web-1", "manual");
    expect(await auth.authenticate("web-1", first.token, false)).toMatchObject({ ok: false });
    expect(await auth.authenticate("web-1", second.token, false)).toMatchObject({ ok: true });
    expect(await auth.revoke("web-1")).toBe(1);
    expect(await auth.authenticate("web-1", second.token, false)).toMatchObject({ ok: false });
  });

  it("keeps a revoked host out even with the shared token, until it is issued a new token", async () => {
    await auth.issue("web-1", "bootstrap");
    await auth.revoke("web-1");
    expect(await auth.authenticate("web-1", SHARED, false)).toEqual({
      ok: false, reason: "host's token was revoked: the shared token is refused",
    });
    const { token } = await auth.issue("web-1", "manual");
    expect(await auth.authenticate("web-1", token, false)).toMatchObject({ ok: true, via: "host" });
  });

  it("refuses everything but per-host tokens when the shared token is off", async () => {
    const strict = new AgentAuthenticator(store, { sharedToken: null });
    expect(await strict.authenticate("web-1", SHARED, false)).toEqual({ ok: false, reason: "wrong token" });
  });

  it("keeps only hashes in the database file", async () => {
    const { token } = await auth.issue("web-1", "manual");
    const url = (await store.$queryRawUnsafe<{ file: string }[]>("PRAGMA database_list"))[0]!.file;
    await store.$disconnect();
    const db = new Database(url, { readonly: true });
    const rows = db.prepare("SELECT * FROM HostToken").all();
    db.close();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
  });
});
