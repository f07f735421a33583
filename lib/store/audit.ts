import type { Store } from "./client";

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string;
  sourceIp?: string;
  detail?: Record<string, string | number | boolean | null>;
}

export async function recordAudit(store: Store, entry: AuditEntry): Promise<void> {
  await store.auditEvent.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? "",
      sourceIp: entry.sourceIp ?? "",
      detail: entry.detail ? JSON.stringify(entry.detail) : "",
    },
  });
}
