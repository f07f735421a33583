import path from "node:path";
import type { CommandType, RegisterMessage } from "../lib/protocol/index";
import type { AgentOptions } from "./cli";
import { CommandRunner } from "./commands/runner";
import { DashboardConnection } from "./connection";
import { DesiredSystemEvaluator } from "./desired-system";
import { EXIT_RESTART, EXIT_STOPPED } from "./exit-codes";
import { collectHostFacts, toShortText } from "./facts";
import { CommandJournal } from "./journal";
import { readGenerations, reportedGenerations } from "./generations";
import { GenerationsReport } from "./generations-report";
import type { Logger } from "./log";
import { Outbox } from "./outbox";
import { RepoUrlResolver } from "./repo-url";
import { StatusCollector } from "./status";
import { HostTokenStore } from "./token";
import { AGENT_VERSION } from "./version";

/** How often the desired system is evaluated without being asked (SPEC: every few minutes). */
const EVALUATION_INTERVAL_MS = 5 * 60_000;
/** How long a planned exit waits for the dashboard to take what is still in the outbox. */
const DRAIN_BEFORE_EXIT_MS = 15_000;
const DRAIN_ON_SHUTDOWN_MS = 3_000;

/**
 * Wires the running agent: outbox and journal in the state dir, the command runner (which first
 * picks up a command a previous run left), status and desired-system evaluation, and the connection
 * to the dashboard. Runs until a signal or a planned restart ends the process.
 */
export async function runAgent(options: AgentOptions, sharedToken: string, log: Logger): Promise<void> {
  const outbox = new Outbox(path.join(options.stateDir, "outbox"), { maxBytes: options.outboxMaxBytes, log });
  const journal = new CommandJournal(options.stateDir, log);
  const evaluator = new DesiredSystemEvaluator(options, log);
  const repoUrls = new RepoUrlResolver(options, log);
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
    repoUrl: () => repoUrls.current().url,
    confirmSwitch: (commandId, timeoutMs) =>
      connection?.confirmSwitch(commandId, timeoutMs) ?? Promise.resolve({ ok: false, error: "the connection is not set up yet" }),
  });
  const status = new StatusCollector(options, evaluator, () => runner.runningCommand(), log);
  const generations = new GenerationsReport(() => reportedGenerations(readGenerations(options.profile, options.currentSystemLink)));
  evaluator.onChange = () => connection?.statusChanged();

  const [facts] = await Promise.all([collectHostFacts(options.platform), repoUrls.refresh(), status.refreshRepo()]);
  runner.recover();

  const registerMessage = async (): Promise<RegisterMessage> => {
    await status.refreshRepo();
    const repo = repoUrls.current();
    return {
      hostname: options.hostname,
      platform: options.platform,
      platformNames: 2,
      tags: options.tags,
      osVersion: facts.osVersion,
      nixpkgsVersion: facts.nixpkgsVersion,
      agentVersion: AGENT_VERSION,
      location: options.location,
      deviceType: options.deviceType,
      themeColor: options.themeColor,
      repoUrl: toShortText(repo.url ?? ""),
      repoUrlSource: repo.source,
      repoDir: toShortText(options.repoDir ?? ""),
      status: status.status(),
      generations: generations.forRegistration(),
    };
  };

  connection = new DashboardConnection(
    options,
    sharedToken,
    new HostTokenStore(options.stateDir),
    outbox,
    {
      registerMessage,
      // The fleet target may name the repository: registered again when that changes what the agent clones.
      registered: (reply) => {
        generations.registered();
        return repoUrls.refresh(reply.fleetRepo ?? null);
      },
      heartbeatMessage: async () => {
        await status.refreshRepo();
        return { status: status.status() };
      },
      changedGenerations: () => {
        const changed = generations.changed();
        return changed === null ? null : { generations: changed };
      },
      generationsTaken: (message) => generations.taken(message.generations),
      runCommand: (command) => {
        if (command.type === "refresh") {
          void evaluator.request();
          return { accepted: true };
        }
        // The whole command: its options (a rollback's generation, a switch's runTests) too.
        return runner.start({ ...command, type: command.type satisfies CommandType });
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
