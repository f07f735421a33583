import type { TestRunSummary } from "./browser";

/** A finished test command as the fleet shows it (the T indicator, the host page), from the result or its stored row. */
export function testRunSummary(run: {
  commandId: string;
  state: "succeeded" | "failed";
  tests: readonly { name?: unknown; state?: unknown }[];
  system: string | null;
  finishedAt: number;
}): TestRunSummary {
  return {
    commandId: run.commandId,
    state: run.state === "succeeded" ? "passed" : "failed",
    failed: run.tests.flatMap((test) => (test.state === "failed" && typeof test.name === "string" ? [test.name] : [])),
    system: run.system,
    finishedAt: run.finishedAt,
  };
}
