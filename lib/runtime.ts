import type { AuthOptions } from "next-auth";
import type { AuditLog } from "./audit/audit-log";
import type { Config } from "./config";
import type { Logger } from "./logger";
import type { ApiTokenService } from "./auth/api-tokens";
import type { HostTokenService } from "./auth/host-token-service";
import type { SessionValidity } from "./auth/session-validity";
import type { UserService } from "./auth/user-service";
import type { CommandRequests } from "./fleet/command-service";
import type { DashboardHealthMonitor } from "./fleet/dashboard-health";
import type { HostRemoval } from "./fleet/host-removal";
import type { LiveFleet } from "./fleet/live-fleet";
import type { GitopsSettings } from "./fleet/gitops-settings";
import type { RolloutService } from "./fleet/rollout-service";
import type { FleetMetrics } from "./metrics/fleet-metrics";
import type { Notifier } from "./notifications/notifier";
import type { Store } from "./store/client";

/**
 * What server.ts builds once and the Next.js bundle (pages, route handlers) uses. Next compiles
 * route handlers into their own bundle with their own copies of our modules, so the one instance
 * is shared through globalThis.
 */
export interface Runtime {
  config: Config;
  log: Logger;
  authOptions: AuthOptions;
  dashboardVersion: string;
  store: Store;
  fleet: LiveFleet;
  /** Command requests, handed to the replica holding each host when there are several. */
  commands: CommandRequests;
  /** Issues, rotates and revokes host tokens, disconnecting agents on every replica. */
  hostTokens: HostTokenService;
  /** Scoped tokens for scripts and services: created and revoked by admins, checked by the route helper. */
  apiTokens: ApiTokenService;
  hostRemoval: HostRemoval;
  audit: AuditLog;
  /** The store's probe write and the replica's hearing; /api/health reports them. */
  health: DashboardHealthMonitor;
  /** Server-side session validity: every session check goes through it. */
  sessions: SessionValidity;
  /** Users, invites, TOTP enrolment and the sessions list. */
  users: UserService;
  /** Staged commands over many hosts (SPEC 3.5). */
  rollouts: RolloutService;
  /** The GitOps policy's settings panel (and what the policy reads when the fleet target moves). */
  gitopsSettings: GitopsSettings;
  /** Prometheus metrics; `metrics.rollouts` is the gauge the rollouts code sets. */
  metrics: FleetMetrics;
  /** Notification channels and delivery; `notifications.emit` is how rollouts report stopped/finished. */
  notifications: Notifier;
}

const KEY = Symbol.for("nixfleet.runtime");
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime): void {
  (globalThis as Holder)[KEY] = runtime;
}

export function getRuntime(): Runtime {
  const runtime = (globalThis as Holder)[KEY];
  if (!runtime) throw new Error("NixFleet runtime is not initialised: start the dashboard with server.ts");
  return runtime;
}
