/**
 * The protocol's plain values, free of zod so that browser code can import them without pulling
 * the schemas into the page's JavaScript. Server and UI read the same lists from here.
 */

/** Every action the audit log records. A new kind of entry is added here first. */
export const AUDIT_ACTIONS = [
  "login.success",
  "login.failure",
  "command.pull",
  "command.switch",
  "command.pull-switch",
  "command.test",
  "command.stop",
  "bulk.pull",
  "bulk.switch",
  "bulk.pull-switch",
  "bulk.test",
  "token.issue",
  "token.revoke",
  "token.bootstrap",
  "host.remove",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
