/**
 * The protocol's plain values, free of zod so that browser code can import them without pulling
 * the schemas into the page's JavaScript. Server and UI read the same lists from here.
 */

/** Bumped when a message changes shape in a way an older peer cannot read. */
export const PROTOCOL_VERSION = 1;

/** The Socket.IO namespaces: agents, browsers, and the dashboard replicas among themselves. */
export const AGENT_NAMESPACE = "/agent";
export const BROWSER_NAMESPACE = "/browser";
export const CLUSTER_NAMESPACE = "/cluster";

export const COMMAND_TYPES = ["pull", "switch", "pull-switch", "test", "preview", "rollback"] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

/** The commands that change which generation a host runs. */
export const SYSTEM_CHANGING_COMMANDS = ["switch", "pull-switch", "rollback"] as const satisfies readonly CommandType[];

/** The commands that take `runTests` (the health gate after the switch; fields.ts). */
export const RUN_TESTS_TYPES = ["switch", "pull-switch"] as const satisfies readonly CommandType[];

export function takesRunTests(type: string): boolean {
  return (RUN_TESTS_TYPES as readonly string[]).includes(type);
}

/** `rolled-back`: a switch the agent undid (no confirmation in time, failed tests) or a rollback that undid one. */
export const COMMAND_STATES = ["queued", "running", "awaiting-reconnect", "succeeded", "failed", "cancelled", "lost", "rolled-back"] as const;
export type CommandState = (typeof COMMAND_STATES)[number];
export const FINAL_COMMAND_STATES = ["succeeded", "failed", "cancelled", "lost", "rolled-back"] as const satisfies readonly CommandState[];
export type FinalCommandState = (typeof FINAL_COMMAND_STATES)[number];
export type ActiveCommandState = Exclude<CommandState, FinalCommandState>;

const FINAL: ReadonlySet<CommandState> = new Set(FINAL_COMMAND_STATES);

/** Whether a command has ended: it never changes again, whatever arrives late. The one definition, for server and UI. */
export function isFinalState(state: CommandState): state is FinalCommandState {
  return FINAL.has(state);
}

/** Every action the audit log records. A new kind of entry is added here first. */
export const AUDIT_ACTIONS = [
  "login.success",
  "login.failure",
  "command.pull",
  "command.switch",
  "command.pull-switch",
  "command.test",
  "command.preview",
  "command.rollback",
  "command.stop",
  "bulk.pull",
  "bulk.switch",
  "bulk.pull-switch",
  "bulk.test",
  "bulk.preview",
  "bulk.rollback",
  "token.issue",
  "token.revoke",
  "token.bootstrap",
  "token.api-create",
  "token.api-revoke",
  "host.remove",
  "user.invite",
  "user.join",
  "user.role",
  "user.disable",
  "user.enable",
  "user.totp-reset",
  "user.totp-enrol",
  "user.sessions-end",
  "rollout.start",
  "rollout.pause",
  "rollout.resume",
  "rollout.abort",
  "rollout.retry-failed",
  "rollout.approve",
  "rollout.gate",
  "rollout.finish",
  "settings.notification-save",
  "settings.notification-delete",
  "settings.gitops-save",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
