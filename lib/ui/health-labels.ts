import type { DashboardHealth, StoreCondition } from "@/lib/protocol/browser";

const STORE_WORDS: Record<Exclude<StoreCondition, "ok">, string> = {
  full: "the database is full",
  "read-only": "the database is read-only",
  unavailable: "the database cannot be reached",
};

/** "the database is full": why the store took no write, in a user's words. */
export function storeConditionWords(condition: Exclude<StoreCondition, "ok">): string {
  return STORE_WORDS[condition];
}

/** The fleet page's banner text while the dashboard lacks something, else null. */
export function dashboardHealthBanner(health: DashboardHealth | null): string | null {
  if (!health) return null;
  if (health.store !== "ok") {
    const words = storeConditionWords(health.store);
    return `The dashboard cannot store anything: ${words}. Agents keep their output and results and send them again once it can; new commands fail until then.`;
  }
  if (health.peersUnheard) {
    return "This dashboard replica does not hear the others: hosts connected to them may look offline until it does.";
  }
  return null;
}
