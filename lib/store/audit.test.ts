import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import { keepAuditFor, listAudit, recordAuditMany } from "./audit";
import type { Store } from "./client";

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("audit on %s", (provider) => {
  let store: Store;
  beforeEach(async () => (store = await openTestStore(provider)));
  afterEach(() => store.$disconnect());

  it("lists events newest first, a page at a time, with their details as JSON", async () => {
    await recordAuditMany(store, [{ actor: "admin", action: "login.success", sourceIp: "10.0.0.1", detail: { outcome: "ok" } }]);
    await recordAuditMany(store, [
      { actor: "admin", action: "command.pull", target: "mac-1" },
      { actor: "agent", action: "token.bootstrap", target: "mac-2", detail: { n: 2, fresh: true, note: null } },
    ]);
    const first = await listAudit(store, 0, 2);
    expect(first.total).toBe(3);
    expect(first.events.map((e) => e.action)).toEqual(["token.bootstrap", "command.pull"]);
    expect(first.events[0]).toMatchObject({ actor: "agent", target: "mac-2", sourceIp: "", detail: '{"n":2,"fresh":true,"note":null}' });
    expect(typeof first.events[0]?.at).toBe("number");
    const second = await listAudit(store, 1, 2);
    expect(second.events).toEqual([expect.objectContaining({ action: "login.success", sourceIp: "10.0.0.1", detail: '{"outcome":"ok"}' })]);
  });

  it("filters by the start of the action", async () => {
    await recordAuditMany(store, [
      { actor: "admin", action: "command.pull" },
      { actor: "admin", action: "command.switch" },
      { actor: "admin", action: "login.success" },
    ]);
    const commands = await listAudit(store, 0, 10, "command.");
    expect(commands.total).toBe(2);
    expect(commands.events.map((e) => e.action)).toEqual(["command.switch", "command.pull"]);
  });

  it("prunes events older than the retention", async () => {
    await store.auditEvent.create({ data: { actor: "admin", action: "host.remove", at: new Date(Date.now() - 40 * 86_400_000) } });
    await recordAuditMany(store, [{ actor: "admin", action: "token.issue" }]);
    const errors: unknown[] = [];
    const stop = keepAuditFor(store, 30, (error) => errors.push(error));
    await expect.poll(async () => (await listAudit(store, 0, 10)).events.map((e) => e.action)).toEqual(["token.issue"]);
    stop();
    expect(errors).toEqual([]);
  });
});
