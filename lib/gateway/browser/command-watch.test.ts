import { describe, expect, it } from "vitest";
import { testCommand } from "../../../test-support/host-views";
import type { CommandBacklog } from "../../protocol/browser";
import { handleCommandWatch } from "./command-watch";

const commandId = crypto.randomUUID();
const backlogOf = (found: CommandBacklog | null) => ({
  watch: async (_id: string, startStreaming: () => Promise<void>) => {
    if (found) await startStreaming();
    return found;
  },
});

describe("handleCommandWatch", () => {
  it("joins the command's room and answers with its backlog", async () => {
    const found: CommandBacklog = {
      command: { ...testCommand({ id: commandId }), hostName: "web-1" },
      lines: [{ seq: 1, stream: "stdout", line: "building" }],
      truncated: false,
    };
    const joined: string[] = [];
    const reply = await handleCommandWatch({ join: (room) => void joined.push(room), backlog: backlogOf(found) }, { commandId });
    expect(reply).toEqual({ ok: true, ...found });
    expect(joined).toEqual([`command:${commandId}`]);
  });

  it("answers an unknown command with an error and joins nothing", async () => {
    const joined: string[] = [];
    const reply = await handleCommandWatch({ join: (room) => void joined.push(room), backlog: backlogOf(null) }, { commandId });
    expect(reply).toEqual({ ok: false, error: "no such command" });
    expect(joined).toEqual([]);
  });
});
