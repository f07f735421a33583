import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { temporaryDir } from "./test-support/fixtures";

const { dir, cleanup } = temporaryDir();
afterAll(() => cleanup());

/** What a program that calls restartWithOneMallocArena first sees: its start environment, its own, its argv. */
function runProgram(env: Record<string, string>): { started: string[]; env: Record<string, string | undefined>; argv: string[] } {
  const program = path.join(dir, "program.ts");
  writeFileSync(
    program,
    `import { readFileSync } from "node:fs";
import { restartWithOneMallocArena } from ${JSON.stringify(path.join(import.meta.dirname, "malloc-arena.ts"))};
restartWithOneMallocArena();
process.stdout.write(JSON.stringify({
  started: readFileSync("/proc/self/environ", "utf8").split("\\0").filter((entry) => /^(MALLOC_ARENA_MAX|NIXFLEET_AGENT_ADDED_ENV)=/.test(entry)),
  env: { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX, NIXFLEET_AGENT_ADDED_ENV: process.env.NIXFLEET_AGENT_ADDED_ENV },
  argv: process.argv.slice(2),
}));
`,
  );
  const { MALLOC_ARENA_MAX: _unset, ...inherited } = process.env;
  return JSON.parse(
    execFileSync(process.execPath, ["--import", "tsx", program, "--url", "ws://a b", ""], { encoding: "utf8", env: { ...inherited, ...env } }),
  ) as ReturnType<typeof runProgram>;
}

describe.runIf(process.platform === "linux")("restartWithOneMallocArena", () => {
  // Node 20 has no process.execve: there the program goes on as started.
  const canRestart = "execve" in process;

  it(canRestart ? "starts the program again with MALLOC_ARENA_MAX=1, then hides it from the program's environment" : "goes on as started on a Node without execve", () => {
    expect(runProgram({})).toEqual({
      started: canRestart ? ["MALLOC_ARENA_MAX=1", "NIXFLEET_AGENT_ADDED_ENV=MALLOC_ARENA_MAX"] : [],
      env: { MALLOC_ARENA_MAX: undefined, NIXFLEET_AGENT_ADDED_ENV: undefined },
      argv: ["--url", "ws://a b", ""],
    });
  });

  it("keeps a MALLOC_ARENA_MAX of the user's own and does not start again", () => {
    expect(runProgram({ MALLOC_ARENA_MAX: "4" })).toEqual({
      started: ["MALLOC_ARENA_MAX=4"],
      env: { MALLOC_ARENA_MAX: "4", NIXFLEET_AGENT_ADDED_ENV: undefined },
      argv: ["--url", "ws://a b", ""],
    });
  });
});
