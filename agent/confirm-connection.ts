import { io, type Socket } from "socket.io-client";
import { AGENT_NAMESPACE, type Ack, type AgentAuth, type ConfirmToServerEvents } from "../lib/protocol/index";
import { errorMessage } from "./log";

type ConfirmSocket = Socket<Record<string, never>, ConfirmToServerEvents>;

/**
 * Confirm-or-revert's proof that the host reaches the dashboard on its new system: a connection
 * opened now (never the agent's long-lived one, which may have survived the switch where a new one
 * would not), authenticated like the agent's own, that sends `switch:confirm` and closes. Resolves
 * with the dashboard's answer, or a refusal saying why none came within `timeoutMs`.
 */
export async function confirmOverNewConnection(url: string, auth: Omit<AgentAuth, "purpose">, commandId: string, timeoutMs: number): Promise<Ack> {
  const socket: ConfirmSocket = io(`${url}${AGENT_NAMESPACE}`, {
    forceNew: true,
    multiplex: false,
    reconnection: false,
    transports: ["websocket"],
    timeout: timeoutMs,
    auth: { ...auth, purpose: "confirm" },
  });
  try {
    return await new Promise<Ack>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
      const settle = (ack: Ack) => {
        clearTimeout(timer);
        resolve(ack);
      };
      socket.once("connect_error", (error) => settle({ ok: false, error: `cannot connect: ${errorMessage(error)}` }));
      socket.once("connect", () => {
        socket
          .timeout(timeoutMs)
          .emitWithAck("switch:confirm", { commandId })
          .then(settle, (error: unknown) => settle({ ok: false, error: errorMessage(error) }));
      });
    });
  } finally {
    socket.disconnect();
  }
}
