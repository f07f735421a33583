import type { Ack, HostTokenStored } from "../../protocol/agent";
import type { AgentMessageContext } from "./context";

/** `host-token:stored`: the agent wrote the token it was issued; the shared token no longer bootstraps its host. */
export async function handleHostTokenStored({ session, tokens }: Pick<AgentMessageContext, "session" | "tokens">, _message: HostTokenStored): Promise<Ack> {
  if (session.tokenId === null) return { ok: false, error: "no host token was issued to this connection" };
  await tokens.confirm(session.tokenId);
  return { ok: true };
}
