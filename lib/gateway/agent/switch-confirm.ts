import type { CommandService } from "../../fleet/command-service";
import type { Ack, SwitchConfirm } from "../../protocol/agent";
import type { AgentMessageContext } from "./context";

/**
 * `switch:confirm` on a confirm connection (opened by the agent after a switch): the host reaches
 * the dashboard on its new system. The handshake authenticated the host; no registration is needed.
 */
export function handleSwitchConfirm(
  { session, commands }: Pick<AgentMessageContext, "session"> & { commands: Pick<CommandService, "confirmSwitch"> },
  message: SwitchConfirm,
): Promise<Ack> {
  return commands.confirmSwitch(session.hostname, message.commandId);
}

/**
 * `switch:confirm` on the host's long-lived connection proves nothing: a connection that survived the
 * switch does not show that the new system can open one (a firewall may keep established flows).
 */
export function refuseSwitchConfirm(): Ack {
  return { ok: false, error: 'switch:confirm: send it over a new connection opened with purpose "confirm"' };
}
