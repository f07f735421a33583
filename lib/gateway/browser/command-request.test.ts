import { describe, expect, it } from "vitest";
import { testCommand } from "../../../test-support/host-views";
import type { CommandRequest, RequestOutcome } from "../../fleet/command-service";
import { handleCommandRequest } from "./command-request";

function requestsAnswering(outcome: RequestOutcome) {
  const received: CommandRequest[] = [];
  const requests = { request: async (request: CommandRequest) => (received.push(request), outcome) };
  return { received, requests };
}

describe("handleCommandRequest", () => {
  it("requests the command in the user's name from their address and answers with it", async () => {
    const command = testCommand({ type: "pull" });
    const { received, requests } = requestsAnswering({ ok: true, command });
    expect(await handleCommandRequest({ user: "admin", ip: "10.0.0.9", requests }, { host: "web-1", type: "pull" })).toEqual({ ok: true, command });
    expect(received).toEqual([{ host: "web-1", type: "pull", requestedBy: "admin", sourceIp: "10.0.0.9" }]);
  });

  it("passes a rollback's chosen generation on", async () => {
    const { received, requests } = requestsAnswering({ ok: true, command: testCommand({ type: "rollback" }) });
    await handleCommandRequest({ user: "admin", ip: "10.0.0.9", requests }, { host: "web-1", type: "rollback", generation: 7 });
    expect(received).toEqual([{ host: "web-1", type: "rollback", generation: 7, requestedBy: "admin", sourceIp: "10.0.0.9" }]);
  });

  it("answers a refused request with the reason", async () => {
    const { requests } = requestsAnswering({ ok: false, reason: "web-1 is offline" });
    expect(await handleCommandRequest({ user: "admin", ip: "10.0.0.9", requests }, { host: "web-1", type: "pull" })).toEqual({
      ok: false, error: "web-1 is offline",
    });
  });
});
