import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { rolloutStartSchema } from "../protocol/rollouts";
import { GitOpsPolicy } from "./gitops-policy";

const saved = rolloutStartSchema.parse({ scope: { kind: "tag", tag: "web" }, plan: { canary: { count: 2 } } });
const target = (gitCommit: string) => ({ repo: "https://git.example/c.git", gitCommit, message: "m", branch: "main", timestamp: 0, lockHash: null });

function policy(rolledOut: string[] = [], inForce: { current: typeof saved | null } = { current: saved }) {
  const started: { commit: string | null; requestedBy: string }[] = [];
  const gitops = new GitOpsPolicy(
    async () => inForce.current,
    {
      create: async (request) => void started.push({ commit: request.plan.targetCommit, requestedBy: request.requestedBy }),
      hasRolloutOf: async (commit) => rolledOut.includes(commit) || started.some((s) => s.commit === commit),
    },
    createLogger("error"),
  );
  return { gitops, started };
}

describe("GitOpsPolicy", () => {
  it("takes the first target it sees as where the fleet is, and rolls out each new commit once with the saved plan", async () => {
    const { gitops, started } = policy();
    await gitops.targetChanged(target("a".repeat(40)));
    expect(started).toEqual([]);
    await gitops.targetChanged(target("b".repeat(40)));
    await gitops.targetChanged(target("b".repeat(40)));
    expect(started).toEqual([{ commit: "b".repeat(40), requestedBy: "gitops" }]);
  });

  it("does not roll out a commit a rollout already took (one started before a restart)", async () => {
    const { gitops, started } = policy(["c".repeat(40)]);
    await gitops.targetChanged(target("a".repeat(40)));
    await gitops.targetChanged(target("c".repeat(40)));
    expect(started).toEqual([]);
  });

  it("starts nothing while the policy is off, and rolls out the next commit once it was turned on (the settings panel)", async () => {
    const inForce: { current: typeof saved | null } = { current: null };
    const { gitops, started } = policy([], inForce);
    await gitops.targetChanged(target("a".repeat(40)));
    await gitops.targetChanged(target("b".repeat(40)));
    expect(started).toEqual([]);
    inForce.current = saved;
    await gitops.targetChanged(target("c".repeat(40)));
    expect(started).toEqual([{ commit: "c".repeat(40), requestedBy: "gitops" }]);
  });

  it("ignores a target that went away (a failed fetch keeps the last one)", async () => {
    const { gitops, started } = policy();
    await gitops.targetChanged(target("a".repeat(40)));
    await gitops.targetChanged(null);
    await gitops.targetChanged(target("a".repeat(40)));
    expect(started).toEqual([]);
  });
});
