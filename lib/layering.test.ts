import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const eslint = new ESLint({ cwd: root });

/** The rule ids ESLint reports for `code` as if it were the file at `file`. */
async function ruleIds(file: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

const RULE = "@typescript-eslint/no-restricted-imports";

/** In each restricted folder, an import the layering forbids, and one it allows. */
const cases: { folder: string; file: string; wrong: string[]; right: string[] }[] = [
  {
    folder: "the agent",
    file: "agent/example.ts",
    wrong: ['import { openStore } from "../lib/store/client";', 'import { handleMessage } from "@/lib/gateway/handle-message";'],
    right: ['import { agentAuthSchema } from "../lib/protocol/agent";'],
  },
  {
    folder: "the agent's subfolders",
    file: "agent/commands/example.ts",
    wrong: ['import { LiveFleet } from "../../lib/fleet/live-fleet";'],
    right: ['import { CommandContext } from "../context";', 'import { COMMAND_TYPES } from "../../lib/protocol/agent";'],
  },
  {
    folder: "lib/protocol",
    file: "lib/protocol/example.ts",
    wrong: ['import { createLogger } from "../logger";', 'import { cn } from "@/lib/ui/cn";'],
    right: ['import { hostNameSchema } from "./fields";'],
  },
  {
    folder: "components",
    file: "components/fleet/example.tsx",
    wrong: [
      'import { findCommand } from "@/lib/store/commands";',
      'import { LiveFleet } from "@/lib/fleet/live-fleet";',
      'import { attachGateway } from "@/lib/gateway";',
      'import { joinCluster } from "@/lib/cluster";',
      'import { listHostTokenStates } from "@/lib/auth/token-states";',
      'import { getRuntime } from "@/lib/runtime";',
    ],
    right: ['import { FleetClient } from "../fleet/fleet-client";', 'import { cn } from "@/lib/ui/cn";'],
  },
  {
    folder: "lib/ui",
    file: "lib/ui/example.ts",
    wrong: ['import { findCommand } from "../store/commands";', 'import { checkCommandRequest } from "@/lib/fleet/command-lifecycle";'],
    right: ['import type { HostView } from "@/lib/protocol/browser";'],
  },
  {
    folder: "lib/fleet",
    file: "lib/fleet/example.ts",
    wrong: ['import { AgentConnections } from "../gateway/agent-connections";', 'import { PeerBus } from "../cluster/peer-bus";'],
    right: ['import { findCommand } from "../store/commands";', 'import { FleetTargetPoller } from "./fleet-target";'],
  },
  {
    folder: "lib/cluster",
    file: "lib/cluster/example.ts",
    wrong: ['import type { AgentConnections } from "../gateway/agent-connections";'],
    right: ['import type { AgentDirectory } from "../fleet/agent-directory";'],
  },
  {
    folder: "lib/gateway",
    file: "lib/gateway/browser/example.ts",
    wrong: ['import { readOutputTail } from "../../store/commands";'],
    right: ['import { OutputBacklog } from "../../fleet/output-backlog";', 'import { handleMessages } from "../handle-message";'],
  },
  {
    folder: "lib/store",
    file: "lib/store/example.ts",
    wrong: ['import { LiveFleet } from "../fleet/live-fleet";'],
    right: ['import { hostNameSchema } from "../protocol/fields";'],
  },
];

describe("the layering lint", { timeout: 60_000 }, () => {
  for (const { folder, file, wrong, right } of cases) {
    it(`refuses what ${folder} must not import, and allows what it may`, async () => {
      for (const line of wrong) expect(await ruleIds(file, `${line}\nvoid 0;\n`), line).toContain(RULE);
      for (const line of right) expect(await ruleIds(file, `${line}\nvoid 0;\n`), line).not.toContain(RULE);
    });
  }
});
