import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const NIX_ENV = {
  ...process.env,
  NIX_CONFIG: "experimental-features = nix-command flakes\nsubstituters =",
};

const INSTALL_HINTS: Record<string, string> = {
  "nix-instantiate": "apt-get install -y nix-bin",
  "systemd-analyze": "apt-get install -y systemd",
  python3: "apt-get install -y python3",
};

/**
 * The path of `command`, or an error that says how to install it. The checks in nix/ fail (never
 * skip) without their tools: CI installs them in .ci/run.
 */
export function requireTool(command: string): string {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  const location = found.stdout.trim();
  if (found.status !== 0 || location === "") {
    throw new Error(`${command} is not installed; it is needed for the Nix and deployment checks (${INSTALL_HINTS[command] ?? "install it"})`);
  }
  return location;
}

function run(command: string, args: readonly string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): SpawnSyncReturns<string> {
  requireTool(command);
  return spawnSync(command, [...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    input: options.input,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** `nix-instantiate --parse FILE`: the file's syntax, nothing evaluated. Returns stderr ("" when fine). */
export function parseNixFile(file: string): { ok: boolean; stderr: string } {
  const result = run("nix-instantiate", ["--parse", file], { env: NIX_ENV });
  return { ok: result.status === 0, stderr: result.stderr };
}

/** One evaluation of nix/tests/eval.nix (see its header): the case's JSON result, or the error. */
export type EvalOutcome = { ok: true; value: unknown } | { ok: false; error: string };

export function evalNix(testCase: Record<string, unknown>): EvalOutcome {
  const result = run(
    "nix-instantiate",
    ["--eval", "--strict", "--json", path.join(repoRoot, "nix", "tests", "eval.nix"), "--argstr", "caseJson", JSON.stringify(testCase)],
    { env: NIX_ENV },
  );
  if (result.status !== 0) return { ok: false, error: result.stderr.trim() };
  return { ok: true, value: JSON.parse(result.stdout) as unknown };
}

/** Evaluates a case that must succeed and checks its result's shape. */
export function evalCase<T extends z.ZodType>(schema: T, testCase: Record<string, unknown>): z.infer<T> {
  const outcome = evalNix(testCase);
  if (!outcome.ok) throw new Error(`evaluation failed: ${outcome.error}`);
  return schema.parse(outcome.value);
}

/** Evaluates a case that must be refused; returns the error message. */
export function evalError(testCase: Record<string, unknown>): string {
  const outcome = evalNix(testCase);
  if (outcome.ok) throw new Error(`evaluation succeeded but should have been refused: ${JSON.stringify(testCase)}`);
  return outcome.error;
}

/**
 * A directory of stand-in packages: `<root>/<name>/bin/<name>` executables, so that systemd-analyze
 * finds the ExecStart= binary of a unit that names them.
 */
export function makeStubRoot(names: readonly string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "nixfleet-nix-stub-"));
  for (const name of names) {
    mkdirSync(path.join(root, name, "bin"), { recursive: true });
    const binary = path.join(root, name, "bin", name);
    writeFileSync(binary, "#!/bin/sh\nexit 0\n");
    chmodSync(binary, 0o755);
  }
  return root;
}

/**
 * `systemd-analyze verify` of a unit file. It exits 0 even on unknown keys, so every line it
 * prints on stderr counts as a finding.
 */
export function verifySystemdUnit(unitName: string, text: string, scope: "system" | "user"): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), "nixfleet-unit-"));
  const file = path.join(dir, unitName);
  writeFileSync(file, text);
  const runtimeDir = path.join(dir, "runtime");
  mkdirSync(runtimeDir, { mode: 0o700 });
  const args = scope === "user" ? ["--user", "verify", file] : ["verify", file];
  const result = run("systemd-analyze", args, { env: { ...process.env, XDG_RUNTIME_DIR: runtimeDir, SYSTEMD_LOG_COLOR: "0" }, cwd: dir });
  rmSync(dir, { recursive: true, force: true });
  const findings = result.stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  if (result.status !== 0 && findings.length === 0) findings.push(`systemd-analyze exited with ${result.status ?? result.signal}`);
  return findings;
}

/**
 * Runs a Python 3 script (argv after it), for the plist and YAML checks, with the first of
 * `python3` on PATH and Debian's /usr/bin/python3 that has `module`.
 */
export function runPython(
  script: string,
  args: readonly string[],
  input?: string,
  module = "json",
): { ok: boolean; stdout: string; stderr: string } {
  requireTool("python3");
  const interpreter = ["python3", "/usr/bin/python3"].find(
    (candidate) => spawnSync(candidate, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0,
  );
  if (interpreter === undefined) {
    return { ok: false, stdout: "", stderr: `no python3 here has the ${module} module (apt-get install -y python3-${module})` };
  }
  const result = spawnSync(interpreter, ["-c", script, ...args], { cwd: repoRoot, input, encoding: "utf8" });
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Splits an ExecStart= line into its words as systemd does for the quoting the modules use:
 * double-quoted C-style strings and bare words, with %% and $$ unescaped and the specifiers given
 * in `specifiers` substituted.
 */
export function splitExecStart(line: string, specifiers: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let index = 0;
  const expand = (text: string) =>
    text.replace(/%(.)/g, (_, key: string) => (key === "%" ? "%" : (specifiers[key] ?? `%${key}`))).replace(/\$\$/g, "$");
  while (index < line.length) {
    if (line[index] === " ") {
      index += 1;
      continue;
    }
    if (line[index] === '"') {
      let end = index + 1;
      while (end < line.length && line[end] !== '"') end += line[end] === "\\" ? 2 : 1;
      words.push(expand(JSON.parse(line.slice(index, end + 1)) as string));
      index = end + 1;
    } else {
      const end = line.indexOf(" ", index);
      const word = end === -1 ? line.slice(index) : line.slice(index, end);
      words.push(expand(word));
      index = end === -1 ? line.length : end;
    }
  }
  return words;
}

/** The `Key=value` lines of one section of a unit file, in order. */
export function unitSection(text: string, section: string): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  let current = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1] ?? "";
      continue;
    }
    const eq = line.indexOf("=");
    if (current === section && eq > 0) entries.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return entries;
}

/** The single value of `key` in `section`, or undefined; throws when the key is repeated. */
export function unitValue(text: string, section: string, key: string): string | undefined {
  const values = unitSection(text, section)
    .filter(([name]) => name === key)
    .map(([, value]) => value);
  if (values.length > 1) throw new Error(`${section}.${key} is set ${values.length} times`);
  return values[0];
}

/** Every value of `key` in `section` (keys that systemd accumulates, like Environment=). */
export function unitValues(text: string, section: string, key: string): string[] {
  return unitSection(text, section)
    .filter(([name]) => name === key)
    .map(([, value]) => value);
}
