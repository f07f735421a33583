import type { AuditEntry } from "../audit/audit-log";
import type { AuditEvent } from "../protocol/api";
import type { Store } from "./client";
import { executeDirect } from "./direct-statements";
import { Prisma } from "./generated/client.ts";
import { chunksOf } from "./statement-rows";

function auditRow(entry: AuditEntry) {
  return {
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? "",
    sourceIp: entry.sourceIp ?? "",
    detail: entry.detail ? JSON.stringify(entry.detail) : "",
  };
}

/** Entries per insert: six values a row, under SQLite's 32,766 bound values. */
const ENTRIES_PER_INSERT = 1_000;

/**
 * Raw multi-row inserts: Prisma's `createMany` cost several times the CPU, and a reconnect storm
 * writes an entry per bootstrapped host.
 */
export async function recordAuditMany(store: Store, entries: readonly AuditEntry[]): Promise<void> {
  const at = new Date();
  for (const chunk of chunksOf(entries.map(auditRow), ENTRIES_PER_INSERT)) {
    const rows = chunk.map((row) => Prisma.sql`(${at}, ${row.actor}, ${row.action}, ${row.target}, ${row.sourceIp}, ${row.detail})`);
    await executeDirect(store, Prisma.sql`INSERT INTO "AuditEvent" ("at", "actor", "action", "target", "sourceIp", "detail") VALUES ${Prisma.join(rows)}`);
  }
}

export async function listAudit(store: Store, page: number, pageSize: number, action?: string): Promise<{ events: AuditEvent[]; total: number }> {
  const where = action ? { action: { startsWith: action } } : {};
  const [rows, total] = await Promise.all([
    store.auditEvent.findMany({ where, orderBy: { id: "desc" }, skip: page * pageSize, take: pageSize }),
    store.auditEvent.count({ where }),
  ]);
  return { events: rows.map((row) => ({ ...row, at: row.at.getTime() })), total };
}

/** Deletes events older than the retention, now and then once a day. */
export function keepAuditFor(store: Store, days: number, onError: (error: unknown) => void): () => void {
  const prune = () =>
    store.auditEvent.deleteMany({ where: { at: { lt: new Date(Date.now() - days * 86_400_000) } } }).catch(onError);
  void prune();
  const timer = setInterval(() => void prune(), 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}
