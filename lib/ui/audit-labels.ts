import { AUDIT_ACTIONS, type AuditAction } from "@/lib/protocol/constants";

/** The kind of an audit action, the part before the dot ("token" of "token.revoke"). */
export type AuditCategory = AuditAction extends `${infer Category}.${string}` ? Category : never;

/** A filter per kind of action: a new kind fails to compile until it has one. */
const CATEGORY_LABELS: Record<AuditCategory, string> = {
  login: "Logins",
  command: "Commands",
  bulk: "Bulk runs",
  token: "Tokens",
  host: "Hosts",
  user: "Users",
  rollout: "Rollouts",
  settings: "Settings",
};

/** The audit page's filters: an action category each ("" for all). */
export const AUDIT_FILTERS: readonly { prefix: AuditCategory | ""; label: string }[] = [
  { prefix: "", label: "All" },
  ...(Object.entries(CATEGORY_LABELS) as [AuditCategory, string][]).map(([prefix, label]) => ({ prefix, label })),
];

/** The filter a query parameter names, or "" (all) for anything else. */
export function parseAuditFilter(value: string | string[] | undefined): AuditCategory | "" {
  const raw = Array.isArray(value) ? value[0] : value;
  return AUDIT_FILTERS.find((filter) => filter.prefix === raw)?.prefix ?? "";
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

type AuditTone = "danger" | "warning" | "info" | "muted";

/** Each action's badge tone: failures and removals stand out. A new action fails to compile until it has one. */
const ACTION_TONES: Record<AuditAction, AuditTone> = {
  "login.success": "muted",
  "login.failure": "danger",
  "command.pull": "info",
  "command.switch": "info",
  "command.pull-switch": "info",
  "command.test": "info",
  "command.preview": "muted",
  "command.rollback": "info",
  "command.stop": "info",
  "bulk.pull": "info",
  "bulk.switch": "info",
  "bulk.pull-switch": "info",
  "bulk.test": "info",
  "bulk.preview": "muted",
  "bulk.rollback": "info",
  "token.issue": "warning",
  "token.revoke": "danger",
  "token.bootstrap": "warning",
  "token.api-create": "warning",
  "token.api-revoke": "danger",
  "host.remove": "danger",
  "user.invite": "warning",
  "user.join": "info",
  "user.role": "warning",
  "user.disable": "danger",
  "user.enable": "warning",
  "user.totp-reset": "danger",
  "user.totp-enrol": "info",
  "user.sessions-end": "warning",
  "rollout.start": "info",
  "rollout.pause": "warning",
  "rollout.resume": "info",
  "rollout.abort": "danger",
  "rollout.retry-failed": "warning",
  "rollout.approve": "info",
  "rollout.gate": "muted",
  "rollout.finish": "info",
  "settings.notification-save": "warning",
  "settings.notification-delete": "warning",
  "settings.gitops-save": "warning",
};

const KNOWN_ACTIONS: ReadonlySet<string> = new Set(AUDIT_ACTIONS);

/** The tone of a stored entry's action; an action this version does not know (an older entry's) is muted. */
export function auditActionTone(action: string): AuditTone {
  return KNOWN_ACTIONS.has(action) ? ACTION_TONES[action as AuditAction] : "muted";
}
