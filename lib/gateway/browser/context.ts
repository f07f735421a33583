import type { BulkRuns } from "../../fleet/bulk-runs";
import type { CommandRequests } from "../../fleet/command-service";
import type { FleetTargetPoller } from "../../fleet/fleet-target";
import type { OutputBacklog } from "../../fleet/output-backlog";
import type { BrowserToServerEvents } from "../../protocol/browser";
import type { MessageHandlers } from "../handle-message";

/** What a browser's message handler works with: who sent it, its socket's rooms, and the services. */
export interface BrowserMessageContext {
  user: string;
  ip: string;
  join(room: string): Promise<void> | void;
  leave(room: string): Promise<void> | void;
  /** Where command requests go: this replica's commands, or the replica holding each host. */
  requests: CommandRequests;
  bulk: BulkRuns;
  target: FleetTargetPoller;
  backlog: OutputBacklog;
}

export type BrowserMessageHandlers = MessageHandlers<BrowserToServerEvents, BrowserMessageContext>;

/** The room of a command's watchers: its output and changes are sent there. */
export const commandRoom = (commandId: string) => `command:${commandId}`;
