import { describe, expect, it } from "vitest";
import { countLogProblems } from "./log-problems";

describe("log problems", () => {
  it("are counted by level and event", () => {
    const log = "time=1 level=info event=a\ntime=2 level=warn event=agent.rate_limited host=x\ntime=3 level=warn event=agent.rate_limited\ntime=4 level=error event=b";
    expect(countLogProblems(log)).toEqual({ "warn agent.rate_limited": 2, "error b": 1 });
  });
});
