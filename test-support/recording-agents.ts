import type { Ack, CommandResult, CommandRun, CommandRunAck, CommandType } from "../lib/protocol/agent";
import type { AgentLink } from "../lib/fleet/command-service";

/** The agents of a replica under test: every command is accepted and recorded, none runs. */
export class RecordingAgents implements AgentLink {
  runs: { host: string; command: CommandRun }[] = [];
  async run(host: string, command: CommandRun): Promise<CommandRunAck> {
    this.runs.push({ host, command });
    return { accepted: true };
  }
  async stop(): Promise<Ack> {
    return { ok: true };
  }
}

/** The result an agent reports for a command that succeeded. */
export const succeeded = (commandId: string, type: CommandType): CommandResult => ({
  commandId, type, state: "succeeded", exitCode: 0, startedAt: Date.now() - 5, durationMs: 5, lastSeq: 0,
});

/** Polls `read` until it returns something truthy, and returns that. */
export async function until<T>(read: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
