import { describe, expect, it } from "vitest";
import { handleCommandUnwatch } from "./command-unwatch";

describe("handleCommandUnwatch", () => {
  it("leaves the command's room", async () => {
    const left: string[] = [];
    const commandId = crypto.randomUUID();
    await handleCommandUnwatch({ leave: (room) => void left.push(room) }, { commandId });
    expect(left).toEqual([`command:${commandId}`]);
  });
});
