import type { CommandService } from "../../fleet/command-service";
import type { Ack, CommandResult } from "../../protocol/agent";
import { notRegistered, type AgentMessageContext } from "./context";

/** `command:result`: how a command the host ran ended. */
export async function handleCommandResult(
  { session, commands }: Pick<AgentMessageContext, "session"> & { commands: Pick<CommandService, "receiveResult"> },
  message: CommandResult,
): Promise<Ack> {
  if (!session.registered) return notRegistered;
  return commands.receiveResult(session.hostname, message);
}
