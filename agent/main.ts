// First: it keeps V8 from compiling to machine code (see there), so it runs before the agent's functions.
import "./interpreter-only";
import { HELP_TEXT, machineDefaults, parseAgentOptions } from "./cli";
import { EXIT_BAD_OPTIONS, EXIT_FAILURE, EXIT_STOPPED } from "./exit-codes";
import { createLogger, errorMessage } from "./log";
import { restartWithOneMallocArena } from "./malloc-arena";
import { checkStateDir } from "./state-dir";
import { readTokenFile } from "./token";
import { AGENT_VERSION } from "./version";

/**
 * Entry point. Options, help and version are handled before the rest of the agent (socket.io-client,
 * simple-git) is even loaded, so `--version` and a refused flag answer fast.
 */

function fail(message: string, code: number): number {
  process.stderr.write(`nixfleet-agent: ${message}\n`);
  return code;
}

async function main(): Promise<number | null> {
  const outcome = parseAgentOptions(process.argv.slice(2), process.env, machineDefaults());
  if (outcome.kind === "help") {
    process.stdout.write(HELP_TEXT);
    return EXIT_STOPPED;
  }
  if (outcome.kind === "version") {
    process.stdout.write(`nixfleet-agent ${AGENT_VERSION}\n`);
    return EXIT_STOPPED;
  }
  if (outcome.kind === "invalid") {
    for (const error of outcome.errors) process.stderr.write(`nixfleet-agent: ${error}\n`);
    process.stderr.write("nixfleet-agent: see --help\n");
    return EXIT_BAD_OPTIONS;
  }
  // Before anything is written or opened: the agent may start again in place here (see there).
  restartWithOneMallocArena();
  const { options } = outcome;
  const log = createLogger(options.logLevel);
  for (const warning of outcome.warnings) log.warn("options.warning", { message: warning });

  const token = readTokenFile(options.tokenFile);
  if (!token.ok) return fail(token.error, EXIT_BAD_OPTIONS);
  const stateDirProblem = checkStateDir(options.stateDir);
  if (stateDirProblem !== null) return fail(stateDirProblem, EXIT_BAD_OPTIONS);
  // Node 22+ defines a lazy global WebSocket; engine.io-client reads it when it loads (for browsers)
  // and so makes Node load undici, about 5 MB the agent never uses: it speaks through `ws`.
  delete (globalThis as { WebSocket?: unknown }).WebSocket;
  const { runAgent } = await import("./run-agent");
  await runAgent(options, token.token, log);
  return null;
}

process.on("uncaughtException", (error) => {
  process.stderr.write(`nixfleet-agent: unexpected error: ${error.stack ?? error.message}\n`);
  process.exit(EXIT_FAILURE);
});

main().then(
  (code) => {
    if (code !== null) process.exit(code);
  },
  (error: unknown) => process.exit(fail(`unexpected error: ${errorMessage(error)}`, EXIT_FAILURE)),
);
