import { mkdirSync } from "node:fs";
import path from "node:path";
import type { CommandType, RegisterMessage } from "../lib/protocol/index";
import { HELP_TEXT, machineDefaults, parseAgentOptions, type AgentOptions } from "./cli";
import { CommandRunner } from "./commands/runner";
import { DashboardConnection } from "./connection";
import { DesiredSystemEvaluator } from "./desired-system";
import { collectHostFacts, toShortText } from "./facts";
import { CommandJournal } from "./journal";
import { createLogger, errorMessage, type Logger } from "./log";
import { Outbox } from "./outbox";
import { originUrl } from "./repo";
import { StatusCollector } from "./status";
import { HostTokenStore, readTokenFile } from "./token";
import { AGENT_VERSION } from "./version";

/**
 * Exit codes. 75 (EX_TEMPFAIL) means "restart me": a switch replaced the agent's own executable, and
 * the new one should run. The service units restart the agent on it (systemd `Restart=always`, or at
 * least `RestartForceExitStatus=75`; launchd `KeepAlive`).
 */
const EXIT_STOPPED = 0;
const EXIT_FAILURE = 1;
const EXIT_BAD_OPTIONS = 2;
const EXIT_RESTART = 75;

/** How often the desired system is evaluated without being asked (SPEC: every few minutes). */
const EVALUATION_INTERVAL_MS = 5 * 60_000;
/** How long a planned exit waits for the dashboard to take what is still in the outbox. */
const DRAIN_BEFORE_EXIT_MS = 15_000;
const DRAIN_ON_SHUTDOWN_MS = 3_000;

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
  const { options } = outcome;
  const log = createLogger(options.logLevel);
  for (const warning of outcome.warnings) log.warn("options.warning", { message: warning });

  const token = readTokenFile(options.tokenFile);
  if (!token.ok) return fail(token.error, EXIT_BAD_OPTIONS);
  try {
    mkdirSync(path.join(options.stateDir, "detached"), { recursive: true, mode: 0o700 });
  } catch (error) {
    return fail(`--state-dir: cannot create ${options.stateDir}: ${errorMessage(error)}`, EXIT_BAD_OPTIONS);
  }
  await runAgent(options, token.token, log);
  return null;
}

async function runAgent(options: AgentOptions, sharedToken: string, log: Logger): Promise<void> {
  const outbox = new Outbox(path.join(options.stateDir, "outbox"), { maxBytes: options.outboxMaxBytes, log });
  const journal = new CommandJournal(options.stateDir, log);
  const evaluator = new DesiredSystemEvaluator(options, log);
  let connection: DashboardConnection | null = null;
  let exiting = false;

  const exit = async (code: number, drainMs: number) => {
    if (exiting) return;
    exiting = true;
    log.info("stopping", { exitCode: code });
    await runner.shutdown();
    outbox.commit();
    if (connection?.isRegistered) await connection.drain(drainMs);
    connection?.close();
    process.exit(code);
  };

  const runner: CommandRunner = new CommandRunner(options, outbox, journal, log, {
    afterRepoChange: () => {
      void status.refreshRepo().then(() => connection?.statusChanged());
      void evaluator.request();
    },
    onStatusChange: () => connection?.statusChanged(),
    onSelfReplaced: () => {
      log.info("agent.replaced", { path: options.selfPath, hint: `exiting with ${EXIT_RESTART} to be restarted` });
      void runner.idle().then(() => exit(EXIT_RESTART, DRAIN_BEFORE_EXIT_MS));
    },
  });
  const status = new StatusCollector(options, evaluator, () => runner.runningCommand(), log);
  evaluator.onChange = () => connection?.statusChanged();

  const [facts, detectedRepoUrl] = await Promise.all([
    collectHostFacts(options.platform),
    options.repoUrl === null && options.repoDir !== null ? originUrl(options.repoDir) : Promise.resolve(options.repoUrl),
    status.refreshRepo(),
  ]);
  runner.recover();

  const registerMessage = async (): Promise<RegisterMessage> => {
    await status.refreshRepo();
    return {
      hostname: options.hostname,
      platform: options.platform,
      osVersion: facts.osVersion,
      nixpkgsVersion: facts.nixpkgsVersion,
      agentVersion: AGENT_VERSION,
      location: options.location,
      deviceType: options.deviceType,
      themeColor: options.themeColor,
      repoUrl: toShortText(detectedRepoUrl ?? ""),
      repoDir: toShortText(options.repoDir ?? ""),
      status: status.status(),
    };
  };

  connection = new DashboardConnection(
    options,
    sharedToken,
    new HostTokenStore(options.stateDir),
    outbox,
    {
      registerMessage,
      heartbeatMessage: async () => {
        await status.refreshRepo();
        return { status: status.status() };
      },
      runCommand: (command) => {
        if (command.type === "refresh") {
          void evaluator.request();
          return { accepted: true };
        }
        return runner.start({ id: command.id, type: command.type satisfies CommandType });
      },
      stopCommand: (commandId) => runner.stop(commandId),
    },
    log,
  );

  process.on("SIGTERM", () => void exit(EXIT_STOPPED, DRAIN_ON_SHUTDOWN_MS));
  process.on("SIGINT", () => void exit(EXIT_STOPPED, DRAIN_ON_SHUTDOWN_MS));
  setInterval(() => {
    if (runner.runningCommand() === null) void evaluator.request();
  }, EVALUATION_INTERVAL_MS).unref();
  void evaluator.request();
  connection.start();
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
