/** The audit page's filters: an action prefix each ("" for all). */
export const AUDIT_FILTERS: readonly { prefix: string; label: string }[] = [
  { prefix: "", label: "All" },
  { prefix: "login", label: "Logins" },
  { prefix: "command", label: "Commands" },
  { prefix: "bulk", label: "Bulk runs" },
  { prefix: "token", label: "Tokens" },
  { prefix: "host", label: "Hosts" },
];

/** The filter a query parameter names, or "" (all) for anything else. */
export function parseAuditFilter(value: string | string[] | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  return AUDIT_FILTERS.some((filter) => filter.prefix === raw) ? raw! : "";
}

/** The audit event's detail (a JSON object, or empty) as "key: value" pairs to show. */
export function auditDetailPairs(detail: string): [string, string][] {
  if (!detail) return [];
  try {
    const parsed: unknown = JSON.parse(detail);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [
        key,
        typeof value === "string" ? value : JSON.stringify(value),
      ]);
    }
    return [["detail", String(parsed)]];
  } catch {
    return [["detail", detail]];
  }
}

/** The tone of an action for its badge: failures and revocations stand out. */
export function auditActionTone(action: string): "danger" | "warning" | "info" | "muted" {
  if (action.endsWith(".failure") || action.endsWith(".revoke") || action === "host.remove") return "danger";
  if (action.startsWith("token.")) return "warning";
  if (action.startsWith("command.") || action.startsWith("bulk.")) return "info";
  return "muted";
}
