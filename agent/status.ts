import os from "node:os";
import type { z } from "zod";
import { commitSchema, hostStatusSchema, sha256Schema, storePathSchema, type HostStatus } from "../lib/protocol/index";
import type { AgentOptions } from "./cli";
import type { DesiredSystemEvaluator } from "./desired-system";
import type { Logger } from "./log";
import { inspectRepository, type RepoFacts } from "./repo";
import { repoFingerprint } from "./repo-fingerprint";
import { resolveStorePath } from "./store-path";

type StatusSettings = Pick<AgentOptions, "repoDir" | "currentSystemLink">;

/**
 * Builds the status sent with register and every heartbeat (SPEC 2.3). Each value is checked against
 * the protocol before it goes out: a value the dashboard would refuse is sent as null (and logged
 * once), so one odd fact never costs the whole heartbeat.
 */
export class StatusCollector {
  private repo: RepoFacts = { headCommit: null, lockHash: null, lockModifiedAt: null };
  /** The clone's fingerprint when `repo` was read; null when it must be read again. */
  private repoReadAt: string | null = null;
  private refreshing: Promise<void> | null = null;
  private readonly reported = new Set<string>();

  constructor(
    private readonly settings: StatusSettings,
    private readonly evaluator: DesiredSystemEvaluator,
    private readonly runningCommand: () => HostStatus["runningCommand"],
    private readonly log: Logger,
  ) {}

  /**
   * Re-reads HEAD and flake.lock when the clone changed since the last read. The git calls behind a
   * read cost a heartbeat more CPU than everything else in it; the fingerprint costs a few stats.
   * The fingerprint is taken before git runs, so a change during the read makes the next one read.
   */
  refreshRepo(): Promise<void> {
    const { repoDir } = this.settings;
    const fingerprint = repoDir === null ? null : repoFingerprint(repoDir);
    if (fingerprint !== null && fingerprint === this.repoReadAt) return this.refreshing ?? Promise.resolve();
    this.refreshing ??= inspectRepository(repoDir)
      .then((facts) => {
        this.repo = facts;
        // A clone without a commit (or a git that failed) is asked again next time.
        this.repoReadAt = facts.headCommit === null ? null : fingerprint;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** The running system's store path: the target of /run/current-system, or Home Manager's generation. */
  currentSystem(): string | null {
    return resolveStorePath(this.settings.currentSystemLink);
  }

  status(): HostStatus {
    const desired = this.evaluator.current();
    const status: HostStatus = {
      headCommit: this.checked("headCommit", commitSchema, this.repo.headCommit),
      lockHash: this.checked("lockHash", sha256Schema, this.repo.lockHash),
      lockModifiedAt: this.repo.lockModifiedAt,
      currentSystem: this.checked("currentSystem", storePathSchema, this.currentSystem()),
      desiredSystem: this.checked("desiredSystem", storePathSchema, desired.desiredSystem),
      uptimeSeconds: Math.max(0, Math.floor(os.uptime())),
      runningCommand: this.runningCommand(),
      desiredSystemEvaluating: desired.desiredSystemEvaluating,
      desiredSystemError: desired.desiredSystemError,
    };
    const parsed = hostStatusSchema.safeParse(status);
    if (!parsed.success) throw new Error(`status does not match the protocol: ${parsed.error.message}`);
    return parsed.data;
  }

  private checked(field: string, schema: z.ZodType<string>, value: string | null): string | null {
    if (value === null || schema.safeParse(value).success) return value;
    const key = `${field}=${value}`;
    if (!this.reported.has(key)) {
      this.reported.add(key);
      this.log.warn("status.value_dropped", { field, value: value.slice(0, 200) });
    }
    return null;
  }
}
