import { describe, expect, it } from "vitest";
import type { StopOutcome } from "../../fleet/command-service";
import { handleCommandStop } from "./command-stop";

function requestsAnswering(outcome: StopOutcome) {
  const received: [string, string, string | undefined][] = [];
  const requests = {
    requestStop: async (host: string, requestedBy: string, sourceIp?: string) => (received.push([host, requestedBy, sourceIp]), outcome),
  };
  return { received, requests };
}

describe("handleCommandStop", () => {
  it("asks for the host's command to stop in the user's name from their address", async () => {
    const { received, requests } = requestsAnswering({ ok: true });
    expect(await handleCommandStop({ user: "admin", ip: "10.0.0.9", requests }, { host: "web-1" })).toEqual({ ok: true });
    expect(received).toEqual([["web-1", "admin", "10.0.0.9"]]);
  });

  it("answers a refused stop with the reason", async () => {
    const { requests } = requestsAnswering({ ok: false, reason: "nothing is running on web-1" });
    expect(await handleCommandStop({ user: "admin", ip: "10.0.0.9", requests }, { host: "web-1" })).toEqual({
      ok: false, error: "nothing is running on web-1",
    });
  });
});
