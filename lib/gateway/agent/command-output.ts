import type { CommandService } from "../../fleet/command-service";
import type { CommandOutputMessage, OutputAck } from "../../protocol/agent";
import { notRegistered, type AgentMessageContext } from "./context";

/** `command:output`: lines of a command the host runs, stored and streamed to its watchers. */
export async function handleCommandOutput(
  { session, commands }: Pick<AgentMessageContext, "session"> & { commands: Pick<CommandService, "receiveOutput"> },
  message: CommandOutputMessage,
): Promise<OutputAck> {
  if (!session.registered) return notRegistered;
  return commands.receiveOutput(session.hostname, message);
}

/** `command:output` as it arrives, before it waits its turn to be stored: its lines go to the command's watchers at once. */
export function relayCommandOutput(
  { session, commands }: Pick<AgentMessageContext, "session"> & { commands: Pick<CommandService, "relayOutput"> },
  message: CommandOutputMessage,
): void {
  if (session.registered) commands.relayOutput(session.hostname, message);
}
