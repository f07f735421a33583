import { describe, expect, it } from "vitest";
import { FailureLog } from "./failure-log";
import { createLogger } from "./log";

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code });
}

describe("FailureLog", () => {
  it("logs one line per kind per minute with a count, and one line when the failures stop", () => {
    const lines: string[] = [];
    let now = 0;
    const failures = new FailureLog(createLogger("info", (line) => lines.push(line)), "outbox.write_failed", "kept in memory", () => now);
    for (let index = 0; index < 11_531; index += 1) failures.failed(errno("ENOSPC"), { op: "append" });
    failures.failed(errno("EROFS"), { op: "meta" });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/event=outbox.write_failed op=append kind=ENOSPC .*count=1 /);
    expect(lines[1]).toMatch(/kind=EROFS .*count=1 /);
    now = 60_000;
    failures.failed(errno("ENOSPC"), { op: "append" });
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/kind=ENOSPC .*count=11531 /);
    failures.recovered({ command: "x" });
    failures.recovered({ command: "x" });
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/level=info event=outbox.write_recovered command=x failures=11533$/);
  });
});
