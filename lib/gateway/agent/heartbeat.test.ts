import { describe, expect, it } from "vitest";
import { testSession } from "../../../test-support/agent-sessions";
import { testStatus } from "../../../test-support/agent-messages";
import type { HeartbeatMessage } from "../../protocol/agent";
import { handleHeartbeat } from "./heartbeat";

describe("handleHeartbeat", () => {
  const recordingFleet = () => {
    const beats: [string, HeartbeatMessage][] = [];
    return { beats, heartbeat: (name: string, message: HeartbeatMessage) => void beats.push([name, message]) };
  };

  it("passes a registered host's status to the fleet under the handshake's name", () => {
    const fleet = recordingFleet();
    const message = { status: testStatus({ uptimeSeconds: 42 }) };
    expect(handleHeartbeat({ session: testSession(), fleet }, message)).toEqual({ ok: true });
    expect(fleet.beats).toEqual([["web-1", message]]);
  });

  it("refuses a heartbeat before the agent has registered", () => {
    const fleet = recordingFleet();
    expect(handleHeartbeat({ session: testSession({ registered: false }), fleet }, { status: testStatus() })).toEqual({
      ok: false, error: "register first",
    });
    expect(fleet.beats).toEqual([]);
  });
});
