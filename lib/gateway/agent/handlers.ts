import { handleCommandOutput, relayCommandOutput } from "./command-output";
import { handleCommandResult } from "./command-result";
import type { AgentMessageArrivals, AgentMessageHandlers, ConfirmMessageHandlers } from "./context";
import { handleHeartbeat } from "./heartbeat";
import { handleHostGenerations } from "./host-generations";
import { handleHostTokenStored } from "./host-token-stored";
import { handleRegister } from "./register";
import { handleSwitchConfirm, refuseSwitchConfirm } from "./switch-confirm";

/** The handler of each event an agent sends (the events are agentMessageSchemas' keys). */
export const agentMessageHandlers: AgentMessageHandlers = {
  register: handleRegister,
  heartbeat: handleHeartbeat,
  "command:output": handleCommandOutput,
  "command:result": handleCommandResult,
  "host-token:stored": handleHostTokenStored,
  "host:generations": handleHostGenerations,
  "switch:confirm": refuseSwitchConfirm,
};

/** The handlers of a confirm connection (confirmMessageSchemas' events). */
export const confirmMessageHandlers: ConfirmMessageHandlers = {
  "switch:confirm": handleSwitchConfirm,
};

/** What is done with an event as soon as it is read, before its handler's turn in the queue. */
export const agentMessageArrivals: AgentMessageArrivals = {
  "command:output": relayCommandOutput,
};
