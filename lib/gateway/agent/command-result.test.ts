import { describe, expect, it } from "vitest";
import { testSession } from "../../../test-support/agent-sessions";
import type { CommandResult } from "../../protocol/agent";
import { handleCommandResult } from "./command-result";

const result: CommandResult = {
  commandId: crypto.randomUUID(), type: "switch", state: "succeeded", exitCode: 0, startedAt: 1, durationMs: 5, lastSeq: 0,
};

describe("handleCommandResult", () => {
  it("hands a registered host's result to the command service and answers with its reply", async () => {
    const received: [string, CommandResult][] = [];
    const commands = {
      receiveResult: async (host: string, message: CommandResult) => {
        received.push([host, message]);
        return { ok: false as const, error: "unknown command", retryable: false };
      },
    };
    expect(await handleCommandResult({ session: testSession(), commands }, result)).toEqual({
      ok: false, error: "unknown command", retryable: false,
    });
    expect(received).toEqual([["web-1", result]]);
  });

  it("refuses a result before the agent has registered", async () => {
    const commands = { receiveResult: async () => { throw new Error("must not be called"); } };
    expect(await handleCommandResult({ session: testSession({ registered: false }), commands }, result)).toEqual({
      ok: false, error: "register first",
    });
  });
});
