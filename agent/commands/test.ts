import { accessSync, constants, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { testProgressSchema, type TestProgress } from "../../lib/protocol/index";
import type { AgentOptions } from "../cli";
import type { CommandContext, CommandOutcome } from "./context";

type TestSettings = Pick<AgentOptions, "repoDir" | "hostname">;

/** The protocol carries at most this many per-test results. */
const MAX_TESTS = 1000;

/** Executable `T*.sh` files of the directory, in name order. */
export function findTests(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => testProgressSchema.shape.name.safeParse(name).success)
    .filter((name) => {
      const file = path.join(dir, name);
      try {
        accessSync(file, constants.X_OK);
        return statSync(file).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * `test` (SPEC 2.4): every executable hosts/<host>/tests/T*.sh in name order, each on its own, from
 * the repository root. Progress goes out as system lines carrying the `test` field; the run fails
 * when any test fails (or when there is no test to run: nothing was checked).
 */
export async function runTests(ctx: CommandContext, settings: TestSettings): Promise<CommandOutcome> {
  if (settings.repoDir === null) {
    ctx.note("test: no repository configured (give --repo-dir, or --isolated-repo-mode with --repo-url)");
    return { state: "failed", exitCode: null };
  }
  const relativeDir = path.join("hosts", settings.hostname, "tests");
  const dir = path.join(settings.repoDir, relativeDir);
  const found = findTests(dir);
  if (found.length === 0) {
    ctx.note(`no executable tests found in ${relativeDir} (T*.sh)`);
    return { state: "failed", exitCode: null, tests: [] };
  }
  if (found.length > MAX_TESTS) ctx.note(`${found.length} tests found: running the first ${MAX_TESTS}`);
  const results: TestProgress[] = [];
  for (const name of found.slice(0, MAX_TESTS)) {
    if (ctx.stopped) break;
    ctx.note(`▶ ${name}`, { name, state: "running" });
    const started = Date.now();
    const status = await ctx.run("test", path.join(dir, name), [], {
      cwd: settings.repoDir,
      env: { ...process.env, NIXFLEET_HOSTNAME: settings.hostname },
      display: false,
    });
    const durationMs = Date.now() - started;
    const passed = status.exitCode === 0 && !ctx.stopped;
    const progress: TestProgress = { name, state: passed ? "passed" : "failed", durationMs };
    if (status.exitCode !== null) progress.exitCode = status.exitCode;
    results.push(progress);
    const how = passed
      ? "passed"
      : ctx.stopped
        ? "stopped"
        : status.exitCode !== null
          ? `failed with exit code ${status.exitCode}`
          : `failed (${status.signal ?? status.spawnError ?? "no exit code"})`;
    ctx.note(`${passed ? "✔" : "✘"} ${name} ${how} (${durationMs} ms)`, progress);
  }
  const failed = results.filter((result) => result.state === "failed").length;
  ctx.note(`tests: ${results.length - failed} passed, ${failed} failed`);
  if (ctx.stopped) return { state: "cancelled", exitCode: null, tests: results };
  return failed > 0 ? { state: "failed", exitCode: 1, tests: results } : { state: "succeeded", exitCode: 0, tests: results };
}
