import { describe, expect, it } from "vitest";
import { testSession } from "../../../test-support/agent-sessions";
import type { Generation } from "../../protocol/generations";
import { handleHostGenerations } from "./host-generations";

const generations: Generation[] = [
  { number: 2, createdAt: 1_733_400_000, storePath: "/nix/store/" + "b".repeat(32) + "-nixos-system-web-1", current: true },
  { number: 1, createdAt: 1_733_300_000, storePath: "/nix/store/" + "a".repeat(32) + "-nixos-system-web-1", current: false },
];

describe("handleHostGenerations", () => {
  const recordingFleet = () => {
    const recorded: [string, Generation[]][] = [];
    return { recorded, recordGenerations: async (name: string, list: Generation[]) => void recorded.push([name, list]) };
  };

  it("records a registered host's generations under the handshake's name", async () => {
    const fleet = recordingFleet();
    expect(await handleHostGenerations({ session: testSession(), fleet }, { generations })).toEqual({ ok: true });
    expect(fleet.recorded).toEqual([["web-1", generations]]);
  });

  it("refuses generations before the agent has registered", async () => {
    const fleet = recordingFleet();
    expect(await handleHostGenerations({ session: testSession({ registered: false }), fleet }, { generations })).toEqual({
      ok: false, error: "register first",
    });
    expect(fleet.recorded).toEqual([]);
  });
});
