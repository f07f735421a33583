import type { Logger } from "../logger";
import type { FleetTarget } from "../protocol/browser";
import type { RolloutPlan, RolloutScope } from "../protocol/rollouts";
import type { RolloutRequest } from "./rollout-service";

/** Who the audit log and the rollout list name for rollouts the policy starts. */
export const GITOPS_ACTOR = "gitops";

/** What the policy needs of the rollouts: start one, and whether a commit was rolled out already. */
export interface RolloutStarter {
  create(request: RolloutRequest): Promise<unknown>;
  hasRolloutOf(commit: string): Promise<boolean>;
}

/** The policy in force when the target moves: the saved scope and plan, or null while it is off. */
export type PolicyInForce = () => Promise<{ scope: RolloutScope; plan: RolloutPlan } | null>;

/**
 * The GitOps policy (the settings panel, or NIXFLEET_GITOPS_ROLLOUT): when the fleet target moves to a
 * new commit, start a rollout of it with the saved scope and plan. The policy is read at each move, so
 * turning it on or off in the panel (on any replica) counts from the next move. The first target seen
 * after a start is where the fleet already is; a commit that some rollout already took is not rolled
 * out again (a restart, a replica).
 */
export class GitOpsPolicy {
  private current: string | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly inForce: PolicyInForce,
    private readonly rollouts: RolloutStarter,
    private readonly log: Logger,
  ) {}

  targetChanged(target: FleetTarget | null): Promise<void> {
    this.queue = this.queue.then(() => this.consider(target)).catch((error: unknown) =>
      this.log.error("gitops.rollout_failed", { error: error instanceof Error ? error.message : String(error) }),
    );
    return this.queue;
  }

  private async consider(target: FleetTarget | null): Promise<void> {
    if (!target || target.gitCommit === this.current) return;
    const first = this.current === null;
    this.current = target.gitCommit;
    if (first) return;
    const saved = await this.inForce();
    if (!saved || (await this.rollouts.hasRolloutOf(target.gitCommit))) return;
    this.log.info("gitops.rollout", { commit: target.gitCommit });
    await this.rollouts.create({
      scope: saved.scope,
      plan: { ...saved.plan, targetCommit: target.gitCommit },
      requestedBy: GITOPS_ACTOR,
    });
  }
}
