import { describe, expect, it } from "vitest";
import { testSession } from "../../../test-support/agent-sessions";
import type { CommandOutputMessage } from "../../protocol/agent";
import { handleCommandOutput, relayCommandOutput } from "./command-output";

const message: CommandOutputMessage = { commandId: crypto.randomUUID(), chunks: [{ seq: 1, stream: "stdout", line: "building" }] };

describe("handleCommandOutput", () => {
  it("hands a registered host's output to the command service and answers with what it stored", async () => {
    const received: [string, CommandOutputMessage][] = [];
    const commands = {
      receiveOutput: async (host: string, output: CommandOutputMessage) => {
        received.push([host, output]);
        return { ok: true as const, storedThrough: 1 };
      },
    };
    expect(await handleCommandOutput({ session: testSession(), commands }, message)).toEqual({ ok: true, storedThrough: 1 });
    expect(received).toEqual([["web-1", message]]);
  });

  it("refuses output before the agent has registered", async () => {
    const commands = { receiveOutput: async () => { throw new Error("must not be called"); } };
    expect(await handleCommandOutput({ session: testSession({ registered: false }), commands }, message)).toEqual({
      ok: false, error: "register first",
    });
  });

  it("relays a registered host's output to its watchers as it arrives, and nothing of an unregistered one", () => {
    const relayed: [string, CommandOutputMessage][] = [];
    const commands = { relayOutput: (host: string, output: CommandOutputMessage) => void relayed.push([host, output]) };
    relayCommandOutput({ session: testSession(), commands }, message);
    relayCommandOutput({ session: testSession({ registered: false }), commands }, message);
    expect(relayed).toEqual([["web-1", message]]);
  });
});
