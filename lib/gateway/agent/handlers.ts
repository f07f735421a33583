import { handleCommandOutput } from "./command-output";
import { handleCommandResult } from "./command-result";
import type { AgentMessageHandlers } from "./context";
import { handleHeartbeat } from "./heartbeat";
import { handleHostGenerations } from "./host-generations";
import { handleHostTokenStored } from "./host-token-stored";
import { handleRegister } from "./register";

/** The handler of each event an agent sends (the events are agentMessageSchemas' keys). */
export const agentMessageHandlers: AgentMessageHandlers = {
  register: handleRegister,
  heartbeat: handleHeartbeat,
  "command:output": handleCommandOutput,
  "command:result": handleCommandResult,
  "host-token:stored": handleHostTokenStored,
  "host:generations": handleHostGenerations,
};
