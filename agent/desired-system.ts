import type { AgentOptions } from "./cli";
import { toShortText } from "./facts";
import { errorMessage, type Logger } from "./log";
import { platformSupport } from "./platforms/index";
import { spawnInGroup, terminateGroup } from "./process-group";
import { storePathSchema } from "../lib/protocol/index";
import { existsSync } from "node:fs";
import path from "node:path";

type EvaluatorSettings = Pick<AgentOptions, "platform" | "repoDir" | "hostname" | "stopGraceMs">;

export interface DesiredSystemState {
  desiredSystem: string | null;
  desiredSystemEvaluating: boolean;
  desiredSystemError: string | null;
}

/** Evaluations of a large NixOS configuration take a while; one that hangs must not block the next. */
const EVALUATION_TIMEOUT_MS = 10 * 60_000;

/** The flake attribute whose outPath is the system a switch would build (SPEC 3.2 S). */
export function desiredSystemAttribute(settings: Pick<EvaluatorSettings, "platform" | "hostname">): string {
  return platformSupport(settings.platform).desiredAttribute(settings.hostname);
}

/**
 * Knows the desired system: `nix eval --raw <repo>#…outPath`, run after a pull, after a switch, on
 * a `refresh` command and every few minutes by the caller; never on a heartbeat, because an
 * evaluation costs seconds of CPU. Requests while one runs are folded into one more run after it.
 */
export class DesiredSystemEvaluator {
  private state: DesiredSystemState = { desiredSystem: null, desiredSystemEvaluating: false, desiredSystemError: null };
  private again = false;
  private running: Promise<void> | null = null;
  onChange: () => void = () => {};

  constructor(
    private readonly settings: EvaluatorSettings,
    private readonly log: Logger,
  ) {}

  current(): DesiredSystemState {
    return this.state;
  }

  /** Asks for an evaluation; resolves when the state reflects one that started after the call. */
  request(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.evaluateOnce();
    } while (this.again);
    this.running = null;
  }

  private async evaluateOnce(): Promise<void> {
    const repoDir = this.settings.repoDir;
    if (repoDir === null || !existsSync(path.join(repoDir, "flake.nix"))) {
      this.set({ desiredSystem: null, desiredSystemEvaluating: false, desiredSystemError: null });
      return;
    }
    this.set({ ...this.state, desiredSystemEvaluating: true });
    const attribute = `${repoDir}#${desiredSystemAttribute(this.settings)}`;
    const stdout: string[] = [];
    const stderr: string[] = [];
    try {
      const child = spawnInGroup("nix", ["eval", "--raw", attribute], {
        cwd: repoDir,
        onLine: (stream, line) => (stream === "stdout" ? stdout : stderr).push(line),
      });
      const timer = setTimeout(() => {
        if (child.pid !== null) void terminateGroup(child.pid, this.settings.stopGraceMs);
      }, EVALUATION_TIMEOUT_MS);
      const status = await child.exited;
      clearTimeout(timer);
      const output = stdout.join("\n").trim();
      if (status.exitCode === 0 && storePathSchema.safeParse(output).success) {
        this.set({ desiredSystem: output, desiredSystemEvaluating: false, desiredSystemError: null });
        this.log.info("desired_system.evaluated", { path: output });
        return;
      }
      const reason =
        status.spawnError ??
        (status.exitCode === 0
          ? `nix eval printed no store path: ${output.slice(0, 100)}`
          : lastMeaningfulLine(stderr) ?? `nix eval failed (${status.exitCode ?? status.signal})`);
      this.fail(reason);
    } catch (error) {
      this.fail(errorMessage(error));
    }
  }

  private fail(reason: string): void {
    const error = toShortText(reason) || "evaluation failed";
    this.set({ desiredSystem: null, desiredSystemEvaluating: false, desiredSystemError: error });
    this.log.warn("desired_system.failed", { error });
  }

  private set(state: DesiredSystemState): void {
    const changed = JSON.stringify(state) !== JSON.stringify(this.state);
    this.state = state;
    if (changed) this.onChange();
  }
}

/** nix puts the actual error last, after trace lines; that line is what a person needs to see. */
function lastMeaningfulLine(lines: string[]): string | null {
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = (lines[index] ?? "").trim();
    if (line !== "" && !line.startsWith("(use '--show-trace'")) return line;
  }
  return null;
}
