import type { AuditEntry } from "../audit/audit-log";
import type { AuditEvent } from "../protocol/api";
import type { Store } from "./client";

function auditRow(entry: AuditEntry) {
  return {
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? "",
    sourceIp: entry.sourceIp ?? "",
    detail: entry.detail ? JSON.stringify(entry.detail) : "",
  };
}

export async function recordAuditMany(store: Store, entries: readonly AuditEntry[]): Promise<void> {
  await store.auditEvent.createMany({ data: entries.map(auditRow) });
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
