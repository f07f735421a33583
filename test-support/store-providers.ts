// One test body for both stores: `describe.each(STORE_PROVIDERS)` with a factory from useTestStores().
import { afterAll } from "vitest";
import type { Store, StoreProvider } from "../lib/store/client";
import { createPostgresTestStore, createTestStore } from "./test-store";
import { startPostgres, type Postgres } from "./postgres";

export const STORE_PROVIDERS: readonly StoreProvider[] = ["sqlite", "postgresql"];

/**
 * A factory of fresh, migrated stores per provider for one test file. Its PostgreSQL server starts
 * on first use and stops after the file's tests.
 */
export function useTestStores(): (provider: StoreProvider) => Promise<Store> {
  let postgres: Promise<Postgres> | undefined;
  afterAll(async () => {
    await (await postgres?.catch(() => undefined))?.stop();
  });
  return async (provider) => {
    if (provider === "sqlite") return createTestStore();
    postgres ??= startPostgres();
    return createPostgresTestStore((await postgres).url);
  };
}
