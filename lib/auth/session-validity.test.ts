import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import type { Store } from "../store/client";
import { SessionValidity, storeSessionStamps } from "./session-validity";

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("SessionValidity over a %s store", (provider) => {
  let store: Store;
  beforeEach(async () => {
    store = await openTestStore(provider);
  });
  afterEach(() => store.$disconnect());

  it("ends the sessions that began before a logout, here and on another replica (issue 12, weak spot 2)", async () => {
    const here = new SessionValidity(storeSessionStamps(store), 0);
    const replica = new SessionValidity(storeSessionStamps(store), 0);
    expect(await here.isCurrent("admin", 1_000, 2_000)).toBe(true);
    const ended: string[] = [];
    here.onEnded((user) => ended.push(user));
    await here.endSessions("admin", 5_000);
    expect(ended).toEqual(["admin"]);
    expect(await here.isCurrent("admin", 1_000, 6_000)).toBe(false);
    expect(await replica.isCurrent("admin", 1_000, 6_000)).toBe(false);
    expect(await replica.isCurrent("admin", 5_001, 6_000)).toBe(true);
    // Another user's sessions are not touched.
    expect(await replica.isCurrent("someone", 1_000, 6_000)).toBe(true);
  });

  it("reads the store at most once per cache period", async () => {
    let reads = 0;
    const stamps = storeSessionStamps(store);
    const validity = new SessionValidity({ ...stamps, read: (user) => (reads++, stamps.read(user)) }, 2_000);
    await validity.isCurrent("admin", 1, 10_000);
    await validity.isCurrent("admin", 1, 11_000);
    expect(reads).toBe(1);
    await validity.isCurrent("admin", 1, 12_500);
    expect(reads).toBe(2);
  });
});
