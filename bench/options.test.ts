import { describe, expect, it } from "vitest";
import { parseBenchOptions } from "./options";

describe("options", () => {
  it("default to a run of a few minutes", () => {
    const outcome = parseBenchOptions([]);
    expect(outcome.kind).toBe("run");
    if (outcome.kind !== "run") return;
    expect(outcome.options.agents).toBe(1000);
    expect(outcome.options.jsonFile).toBe("bench/results/latest.json");
    expect(outcome.options.loadProcesses).toBe(2);
  });

  it("spread ten thousand agents over four load processes", () => {
    const outcome = parseBenchOptions(["--agents", "10000", "--duration", "60", "--json", "/tmp/x.json"]);
    expect(outcome.kind === "run" && outcome.options.loadProcesses).toBe(4);
  });

  it("refuse bad values and unknown phases, naming the option", () => {
    const outcome = parseBenchOptions(["--agents", "many", "--skip", "everything"]);
    expect(outcome.kind).toBe("invalid");
    if (outcome.kind === "invalid") {
      expect(outcome.errors.join("\n")).toMatch(/--agents/);
      expect(outcome.errors.join("\n")).toMatch(/--skip/);
    }
  });
});
