import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import packageJson from "./package.json" with { type: "json" };
import { AgentAuthenticator } from "./lib/auth/agent-auth";
import { ApiTokenService } from "./lib/auth/api-tokens";
import { HostTokenService } from "./lib/auth/host-token-service";
import { buildAuthOptions } from "./lib/auth/next-auth-options";
import { createRequestGuard } from "./lib/auth/request-guard";
import { SessionValidity, storeSessionStamps } from "./lib/auth/session-validity";
import { storeTotpLedger } from "./lib/auth/totp-ledger";
import { createUserLogin } from "./lib/auth/user-login";
import { UserService } from "./lib/auth/user-service";
import { secureDataDir } from "./lib/data-dir";
import { TrustedProxies } from "./lib/auth/trusted-proxy";
import { defaultDataDir, parseConfig, type Config } from "./lib/config";
import { loadFirstRunSecrets } from "./lib/first-run";
import { joinCluster, type Cluster } from "./lib/cluster";
import { createSocketAdapter, type SocketAdapter } from "./lib/cluster/socket-adapter";
import { AgentSessions } from "./lib/fleet/agent-sessions";
import { BulkRuns } from "./lib/fleet/bulk-runs";
import { CommandService } from "./lib/fleet/command-service";
import { HostRemoval } from "./lib/fleet/host-removal";
import { FleetTargetPoller } from "./lib/fleet/fleet-target";
import { RolloutService } from "./lib/fleet/rollout-service";
import { GitOpsPolicy } from "./lib/fleet/gitops-policy";
import { GitopsSettings } from "./lib/fleet/gitops-settings";
import { LiveFleet } from "./lib/fleet/live-fleet";
import { DashboardHealthMonitor } from "./lib/fleet/dashboard-health";
import { OutputBacklog } from "./lib/fleet/output-backlog";
import { AgentConnections } from "./lib/gateway/agent-connections";
import { attachGateway, createSocketServer } from "./lib/gateway";
import { applySecurityHeaders, isHttps } from "./lib/http/security-headers";
import { forwardUpgrades } from "./lib/http/upgrades";
import { FleetMetrics } from "./lib/metrics/fleet-metrics";
import { commandNotifications, HostConditionWatcher } from "./lib/notifications/fleet-events";
import { Notifier } from "./lib/notifications/notifier";
import { BROWSER_NAMESPACE } from "./lib/protocol/constants";
import { createLogger } from "./lib/logger";
import { setRuntime } from "./lib/runtime";
import { keepAuditFor, recordAuditMany } from "./lib/store/audit";
import { AuditLog } from "./lib/audit/audit-log";
import { openStore } from "./lib/store/client";
import { isPostgresUrl, parsePostgresUrl, poolConfig } from "./lib/store/postgres-adapter";
import { applyMigrations } from "./lib/store/migrate";
import { probeStoreWrite } from "./lib/store/store-probe";
import { checkSqliteFile } from "./lib/store/sqlite-check";
import { storeBulkRuns } from "./lib/store/bulk-runs";

const appDir = path.dirname(fileURLToPath(import.meta.url)).replace(/[/\\]dist$/, "");
const dev = process.argv.includes("--dev");

/** Exit 1: the configuration or the environment is wrong. Exit 2: the data is damaged. */
function refuseToStart(problems: readonly string[], exitCode = 1): never {
  process.stderr.write(`nixfleet: cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}\n`);
  process.exit(exitCode);
}

function readConfig(): Config {
  const dataDir = defaultDataDir(process.env, process.cwd());
  secureDataDir(dataDir);
  let firstRun: ReturnType<typeof loadFirstRunSecrets>;
  try {
    firstRun = loadFirstRunSecrets(process.env, dataDir);
  } catch (error) {
    refuseToStart([error instanceof Error ? error.message : String(error)]);
  }
  const result = parseConfig(process.env, process.cwd(), firstRun.secrets);
  if (!result.ok) refuseToStart(result.errors);
  if (firstRun.newPassword) {
    process.stdout.write(
      [
        "",
        "  First start: NixFleet generated its secrets (they are not printed again).",
        `    admin password: ${firstRun.newPassword}`,
        `    agent token:    ${firstRun.secrets.agentToken}`,
        `  Kept in ${firstRun.file}; set NIXFLEET_PASSWORD_HASH and friends for a real deployment.`,
        "",
      ].join("\n") + "\n",
    );
  }
  return result.config;
}

async function main(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel);
  // Next reads NODE_ENV when it loads, so it is set before the dynamic import below; the
  // config above already saw the user's own value (which decides first-run mode).
  Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
  // Without NEXTAUTH_URL next-auth takes its own address from the request's (X-Forwarded-)Host. That
  // is safe only because every request passes TrustedProxies.admit first, which drops forwarded
  // headers unless a proxy listed in NIXFLEET_TRUSTED_PROXIES sent them.
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = "true";
  const proxies = new TrustedProxies(config.trustedProxies);

  if (config.databaseUrl.startsWith("file:")) {
    const check = checkSqliteFile(config.databaseUrl);
    if (!check.ok) refuseToStart([`database ${check.error}`], 2);
    if (check.warning) log.warn("store.empty_file", { problem: check.warning });
  }
  await applyMigrations(config.databaseUrl, appDir);
  const store = await openStore(config.databaseUrl);
  const fleet = new LiveFleet(store, log, {
    dashboardVersion: packageJson.version,
    lockGreenDays: config.lockGreenDays,
    lockYellowDays: config.lockYellowDays,
  });
  await fleet.start();
  const target = new FleetTargetPoller(config.versionUrl, packageJson.version);
  target.subscribe((state) => {
    fleet.setTarget(state.target);
    if (state.staleReason) log.warn("fleet_target.stale", { reason: state.staleReason });
  });
  target.start();
  const agents = new AgentConnections();
  const authenticator = new AgentAuthenticator(store, { sharedToken: config.agentToken });
  const audit = new AuditLog((entries) => recordAuditMany(store, entries));
  const commands = new CommandService(store, fleet, agents, log, audit, {
    lostAfterMs: config.commandLostAfterSeconds * 1000,
    resultGraceMs: Math.min(60_000, config.commandLostAfterSeconds * 1000),
    maxOutputChars: config.outputLimitChars,
  });
  // On PostgreSQL, dashboards sharing the database are replicas of one fleet (see README, Replicas).
  const socketAdapter: SocketAdapter | null = isPostgresUrl(config.databaseUrl)
    ? await createSocketAdapter(poolConfig(parsePostgresUrl(config.databaseUrl), 4), log)
    : null;
  const io = createSocketServer(socketAdapter?.adapter);
  const cluster: Cluster | null = socketAdapter
    ? joinCluster(io, { fleet, commands, agents, hearing: socketAdapter.connections, log })
    : null;
  await cluster?.settled();
  await commands.start();
  const requests = cluster?.requests ?? commands;
  const health = new DashboardHealthMonitor(() => probeStoreWrite(store, cluster?.bus.id ?? "dashboard"), log);
  health.start();
  socketAdapter?.connections.onHearing((event) => health.setPeersUnheard(event === "deaf"));
  const bulk = new BulkRuns(requests, storeBulkRuns(store), log, audit);
  await bulk.restore();
  const rollouts = new RolloutService(store, fleet, requests, audit, log, { replicaId: cluster?.bus.id ?? "dashboard" });

  const sessionValidity = new SessionValidity(storeSessionStamps(store));
  const users = new UserService(store, sessionValidity, audit);
  const reportAuditFailure = (error: unknown) => log.error("audit.write_failed", { error: String(error) });
  const authOptions = buildAuthOptions(config, {
    sessions: sessionValidity,
    totp: storeTotpLedger(store),
    verifyUser: createUserLogin(store),
    onThrottled: (ip, retryAfterSeconds) => log.warn("auth.login_throttled", { ip, retryAfterSeconds }),
    onLogin: (user, outcome, sourceIp) => {
      log.info("auth.login", { user, outcome, ip: sourceIp });
      const action = outcome === "ok" ? "login.success" : "login.failure";
      audit.record({ actor: user, action, sourceIp, detail: { outcome } }).catch(reportAuditFailure);
    },
    onSessionStart: (user, startedAt, expiresAt, sourceIp) => {
      users.recordSession(user, startedAt, expiresAt, sourceIp).catch((error: unknown) => log.error("auth.session_record_failed", { user, error: String(error) }));
    },
  });
  const metrics = new FleetMetrics(
    { hosts: () => fleet.snapshot(), browsers: () => io.of(BROWSER_NAMESPACE).sockets.size },
    { processMetrics: config.metricsEnabled },
  );
  if (config.metricsEnabled) commands.subscribe(metrics.commandListener);
  const notifications = new Notifier(store, log, audit, { coalesceMs: config.notifyCoalesceSeconds * 1000 });
  await notifications.start();
  // Each replica tells of the commands it runs; the host conditions are looked at every half minute.
  commands.subscribe(commandNotifications(notifications));
  const hostConditions = new HostConditionWatcher(() => fleet.snapshot(), notifications);
  hostConditions.start(30_000);
  rollouts.subscribe(() => metrics.rollouts.set(rollouts.statusCounts()));
  // The policy in force is read at each move of the target: the panel turns it on or off at any time.
  const gitopsSettings = new GitopsSettings(store, config.gitopsEnv, audit);
  const gitops = new GitOpsPolicy(() => gitopsSettings.rolloutInForce(), rollouts, log);
  target.subscribe((state) => void gitops.targetChanged(state.target));
  // The target fetched so far (if any) is where the fleet is: only a later commit is rolled out.
  void gitops.targetChanged(target.state.target);
  const stopAuditRetention = keepAuditFor(store, config.auditRetentionDays, (error) =>
    log.error("audit.prune_failed", { error: String(error) }),
  );
  setRuntime({
    config,
    log,
    authOptions,
    dashboardVersion: packageJson.version,
    store,
    fleet,
    commands: requests,
    hostTokens: new HostTokenService(authenticator, cluster?.agents ?? agents, audit),
    apiTokens: new ApiTokenService(store, audit),
    hostRemoval: new HostRemoval(fleet, audit),
    audit,
    health,
    sessions: sessionValidity,
    users,
    rollouts,
    gitopsSettings,
    metrics,
    notifications,
  });

  const { default: next } = await import("next");
  // Next sees only the upgrades that are not Socket.IO's (see forwardUpgrades).
  const nextUpgrades = createServer();
  const app = next({ dev, dir: appDir, hostname: config.bindAddress, port: config.port, httpServer: nextUpgrades });
  await app.prepare();
  const handle = app.getRequestHandler();
  const allow = createRequestGuard({
    sessionSecrets: config.sessionSecrets,
    proxies,
    sessions: sessionValidity,
    onRateLimited: (kind, ip) => log.warn("http.rate_limited", { kind, ip }),
  });

  const httpServer = createServer((req, res) => {
    // Prometheus scrapes /metrics by convention; the route lives with the others under /api/ (guarded alike).
    if (req.url === "/metrics" || req.url?.startsWith("/metrics?")) req.url = `/api${req.url}`;
    applySecurityHeaders(req, res, { dev, https: isHttps(req, proxies.isTrustedPeer(req)) });
    allow(req, res)
      .then((allowed) => (allowed ? handle(req, res) : undefined))
      .catch((error: unknown) => {
        log.error("http.request_failed", { path: req.url, error: String(error) });
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error");
      });
  });
  forwardUpgrades(httpServer, nextUpgrades, io.path());
  const sessions = new AgentSessions({
    fleet,
    commands,
    tokens: authenticator,
    audit,
    log,
    dashboardVersion: packageJson.version,
    isConnected: (host) => agents.get(host) !== undefined,
  });
  attachGateway(io, httpServer, {
    fleet,
    commands,
    requests,
    agents,
    sessions,
    backlog: new OutputBacklog(store, (commandId) => commands.unstoredOutput(commandId)),
    target,
    bulk,
    health,
    log,
    authenticator,
    sessionSecrets: config.sessionSecrets,
    sessionValidity,
    proxies,
    replicated: socketAdapter !== null,
    connectionsPerAddress: config.connectionsPerAddress,
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("server.stopping", { signal });
    setTimeout(() => process.exit(0), 5_000).unref();
    // Peers hear that this replica is going before its adapter closes.
    cluster?.stop();
    httpServer.close();
    void io.close();
    httpServer.closeAllConnections();
    commands.stop();
    health.stop();
    hostConditions.stop();
    notifications.stop();
    target.stop();
    stopAuditRetention();
    rollouts
      .stop()
      .then(() => fleet.stop())
      .then(() => Promise.all([store.$disconnect(), socketAdapter?.close()]))
      .catch((error: unknown) => log.error("server.stop_failed", { error: String(error) }))
      .finally(() => {
        log.info("server.stopped");
        process.exit(0);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  // Rollouts resume once agents can reach this dashboard again: their results come in from then on.
  await rollouts.start();

  httpServer.on("error", (error) => refuseToStart([`cannot listen on ${config.bindAddress}:${config.port}: ${error.message}`]));
  // A long backlog keeps a reconnect storm of thousands of agents from losing SYNs.
  httpServer.listen(config.port, config.bindAddress, 4096, () => {
    log.info("server.listening", { url: `http://${config.bindAddress}:${config.port}`, dev, data: config.dataDir });
  });
}

main().catch((error: unknown) => refuseToStart([error instanceof Error ? error.message : String(error)]));
