import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { testRegistration } from "../../test-support/agent-messages";
import type { Store } from "../store/client";
import { ServiceError } from "../service-error";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { HostRemoval } from "./host-removal";
import { LiveFleet } from "./live-fleet";

describe("HostRemoval", () => {
  let store: Store;
  let fleet: LiveFleet;
  let removal: HostRemoval;

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, createLogger("error"));
    await fleet.start();
    await fleet.register(testRegistration("web-1"));
    await fleet.register(testRegistration("web-2"));
    await fleet.hostsStored();
    removal = new HostRemoval(fleet, storeAudit(store));
  });
  afterEach(async () => {
    await fleet.stop();
    await store.$disconnect();
  });

  const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error);

  it("removes an offline host from the fleet and the store, and audits who did", async () => {
    fleet.disconnect("web-1");

    await removal.remove("web-1", "admin", "192.0.2.7");

    expect(fleet.get("web-1")).toBeUndefined();
    expect(await store.host.findUnique({ where: { name: "web-1" } })).toBeNull();
    expect(await store.auditEvent.findMany({ select: { actor: true, action: true, target: true, sourceIp: true } })).toEqual([
      { actor: "admin", action: "host.remove", target: "web-1", sourceIp: "192.0.2.7" },
    ]);
  });

  it("refuses an online host (it would come straight back) and an unknown one, and audits neither", async () => {
    const online = await refusalOf(removal.remove("web-2", "admin", ""));
    const unknown = await refusalOf(removal.remove("web-9", "admin", ""));

    expect(online).toBeInstanceOf(ServiceError);
    expect(online).toMatchObject({ kind: "conflict", message: "web-2 is online: stop its agent first" });
    expect(unknown).toMatchObject({ kind: "not-found", message: "no such host" });
    expect(fleet.get("web-2")).toBeDefined();
    expect(await store.auditEvent.count()).toBe(0);
  });
});
