import { rollbackInfoSchema, type CommandState, type CommandType } from "../protocol/agent";
import type { CommandSummary } from "../protocol/browser";
import type { Command } from "./generated/client.ts";

/** A stored command as the protocol describes it. */
export function commandSummaryFromRow(row: Command): CommandSummary {
  return {
    id: row.id,
    type: row.type as CommandType,
    state: row.state as CommandState,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.getTime(),
    finishedAt: row.finishedAt?.getTime() ?? null,
    exitCode: row.exitCode,
    durationMs: row.durationMs,
    reason: row.reason,
    confirmedAt: row.confirmedAt?.getTime() ?? null,
    rollback: storedRollback(row.rollback),
  };
}

/** The rollback stored with a command (JSON, as the agent sent it); null when none or unreadable. */
function storedRollback(json: string | null): CommandSummary["rollback"] {
  if (json === null) return null;
  const parsed = rollbackInfoSchema.safeParse(safeJson(json));
  return parsed.success ? parsed.data : null;
}

function safeJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

