import { describe, expect, it } from "vitest";
import { testRegistration } from "../../../test-support/agent-messages";
import { testSession } from "../../../test-support/agent-sessions";
import type { AgentSession } from "../../fleet/agent-sessions";
import type { RegisterMessage } from "../../protocol/agent";
import { handleRegister } from "./register";

describe("handleRegister", () => {
  it("hands the connection's session and the message to the session service and answers with its reply", async () => {
    const calls: [AgentSession, RegisterMessage][] = [];
    const sessions = {
      register: async (session: AgentSession, message: RegisterMessage) => {
        calls.push([session, message]);
        return { ok: true as const, dashboardVersion: "9.9.9" };
      },
    };
    const session = testSession({ registered: false });
    const message = testRegistration("web-1");
    expect(await handleRegister({ session, sessions }, message)).toEqual({ ok: true, dashboardVersion: "9.9.9" });
    expect(calls).toEqual([[session, message]]);
    expect(calls[0]?.[0]).toBe(session);
  });
});
