import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDir } from "../test-support/fixtures";
import { WATCHDOG_SCRIPT } from "./watchdog";

describe("the watchdog script", () => {
  it("ends by itself when the agent's state directory is removed before the switch ended", async () => {
    const { dir, cleanup } = temporaryDir("nixfleet-watchdog-");
    try {
      const state = path.join(dir, "detached");
      mkdirSync(state);
      const file = (name: string) => path.join(state, name);
      const child = spawn("sh", ["-c", WATCHDOG_SCRIPT, "nixfleet-watchdog", file("c.exit"), file("c.pid"), "1", file("c.decision"), file("c.verdict"), file("c.log"), "true"], {
        stdio: "ignore",
      });
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      // Still waiting for the switch while its directory is there.
      expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("waiting"), 1_500))])).toBe("waiting");
      rmSync(state, { recursive: true, force: true });
      expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve("still waiting"), 10_000))])).toBe(0);
    } finally {
      cleanup();
    }
  });
});
