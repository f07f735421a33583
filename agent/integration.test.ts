import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AUTH_ERRORS } from "../lib/protocol/index";
import { startAgent, type AgentProcess } from "./test-support/agent-process";
import { FakeDashboard, waitFor } from "./test-support/fake-dashboard";
import { git, makeOrigin, pathWith, temporaryDir, writeScript } from "./test-support/fixtures";
import { AGENT_VERSION } from "./version";

/**
 * The real agent process (from source) against a real Socket.IO server that implements the /agent
 * side of the protocol. Only the Nix tools are stand-ins: scripts on PATH.
 */

const SHARED_TOKEN = "shared-token-0123456789";
const CURRENT = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-nixos-system-web-1";
const DESIRED = "/nix/store/zyxwvsrqpnmlkjihgfdcba9876543210-nixos-system-web-1";

describe("the agent process against a dashboard", () => {
  let root: string;
  let cleanup: () => void;
  let dashboard: FakeDashboard;
  let agents: AgentProcess[];
  let env: Record<string, string>;

  beforeEach(async () => {
    ({ dir: root, cleanup } = temporaryDir());
    agents = [];
    writeFileSync(path.join(root, "token"), `NIXFLEET_TOKEN=${SHARED_TOKEN}\n`);
    symlinkSync(CURRENT, path.join(root, "current-system"));
    // nix eval stand-in: records each call, prints the desired toplevel.
    writeScript(path.join(root, "bin", "nix"), `echo "$@" >> "${root}/nix.calls"\nprintf '%s' "${DESIRED}"`);
    env = {
      PATH: pathWith(path.join(root, "bin")),
      NIXFLEET_CURRENT_SYSTEM_LINK: path.join(root, "current-system"),
      NIXFLEET_STOP_GRACE_SECONDS: "1",
    };
    dashboard = await FakeDashboard.start({ tokens: new Set([SHARED_TOKEN]), issueHostToken: "host-token-for-web-1" });
  });

  afterEach(async () => {
    await Promise.all(agents.map((agent) => agent.stop("SIGKILL")));
    await dashboard.close();
    cleanup();
  });

  function agent(extra: string[] = [], extraEnv: Record<string, string> = {}): AgentProcess {
    const started = startAgent(
      ["--url", dashboard.url, "--token-file", path.join(root, "token"), "--state-dir", path.join(root, "state"), "--hostname", "web-1", ...extra],
      { ...env, ...extraEnv },
    );
    agents.push(started);
    return started;
  }

  it("registers with its facts, swaps the shared token for its host token, heartbeats, and answers commands and bad input", async () => {
    const upstream = makeOrigin(root);
    const checkout = path.join(root, "checkout");
    git(root, "clone", "--quiet", upstream.origin, checkout);
    const first = agent(["--repo-dir", checkout, "--interval", "1", "--location", "home", "--device-type", "desktop", "--theme-color", "#123abc"]);

    await waitFor(() => dashboard.registrations.length === 1, "registration");
    expect(dashboard.registrations[0]).toMatchObject({
      hostname: "web-1",
      platform: "nixos",
      agentVersion: AGENT_VERSION,
      location: "home",
      deviceType: "desktop",
      themeColor: "#123abc",
      repoUrl: upstream.origin,
      repoDir: checkout,
      status: { headCommit: git(checkout, "rev-parse", "HEAD"), currentSystem: CURRENT, runningCommand: null },
    });
    const hostTokenFile = path.join(root, "state", "host-token");
    await waitFor(() => existsSync(hostTokenFile), "the host token to be stored");
    expect(readFileSync(hostTokenFile, "utf8").trim()).toBe("host-token-for-web-1");
    expect(statSync(hostTokenFile).mode & 0o777).toBe(0o600);
    expect(first.log.join("\n")).not.toContain(SHARED_TOKEN);
    expect(first.log.join("\n")).not.toContain("host-token-for-web-1");

    // The desired system is evaluated once at start, not on every heartbeat.
    await waitFor(() => dashboard.heartbeats.some((beat) => beat.status.desiredSystem === DESIRED), "the desired system in a heartbeat");
    await waitFor(() => dashboard.heartbeats.length >= 3, "three heartbeats");
    const calls = () => readFileSync(path.join(root, "nix.calls"), "utf8").trim().split("\n");
    expect(calls()).toEqual([`eval --raw ${checkout}#nixosConfigurations.web-1.config.system.build.toplevel.outPath`]);

    expect(await dashboard.runCommand({ id: crypto.randomUUID(), type: "refresh" })).toEqual({ accepted: true });
    await waitFor(() => calls().length === 2, "a second evaluation after refresh");

    // Bad input is refused with a reason and breaks nothing.
    expect(await dashboard.emitRaw("command:run", { id: crypto.randomUUID(), type: "reboot" })).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^invalid message: type/),
    });
    expect(await dashboard.emitRaw("command:run", { type: "pull" })).toMatchObject({ accepted: false, reason: expect.stringMatching(/id/) });
    expect(await dashboard.emitRaw("command:run", "x".repeat(100_000))).toMatchObject({ accepted: false });
    expect(await dashboard.emitRaw("command:stop", { commandId: "nope" })).toMatchObject({ ok: false });
    expect(await dashboard.stopCommand(crypto.randomUUID())).toMatchObject({ ok: false, error: expect.stringMatching(/no command is running/) });

    // A real command still works afterwards: pull brings the new commit and the next status shows it.
    const head = upstream.commit("flake.lock", "{}\n");
    const id = crypto.randomUUID();
    expect(await dashboard.runCommand({ id, type: "pull" })).toEqual({ accepted: true });
    await waitFor(() => dashboard.results.has(id), "the pull result");
    expect(dashboard.results.get(id)).toMatchObject({ type: "pull", state: "succeeded", exitCode: 0, lastSeq: dashboard.lines(id).length });
    await waitFor(() => dashboard.heartbeats.at(-1)?.status.headCommit === head, "the new HEAD in a heartbeat");
    expect(dashboard.heartbeats.at(-1)?.status.lockHash).toMatch(/^[0-9a-f]{64}$/);

    // The next connection uses the host token.
    dashboard = await dashboard.restart();
    await waitFor(() => dashboard.registrations.length === 2, "re-registration after the dashboard restarted", 20_000);
    expect(dashboard.handshakeTokens.at(-1)).toBe("host-token-for-web-1");
    expect(dashboard.errors).toEqual([]);
  });

  it("logs a refused token clearly and keeps retrying with backoff; a refused host token falls back to the token file", async () => {
    writeFileSync(path.join(root, "token"), "wrong-token\n");
    const started = agent();
    await started.waitForLog(/event=auth\.token_refused/);
    expect(started.log.find((line) => line.includes("auth.token_refused"))).toMatch(/hint="the dashboard refused the token from this file/);
    await waitFor(() => dashboard.handshakeTokens.length >= 2, "a second attempt");
    expect(dashboard.registrations).toHaveLength(0);
    // The file is fixed (a secret manager rewrote it): the next attempt uses it.
    writeFileSync(path.join(root, "token"), `${SHARED_TOKEN}\n`);
    await waitFor(() => dashboard.registrations.length === 1, "registration with the fixed token", 20_000);
    await started.stop();

    // A dashboard that does not know the stored host token (revoked): back to the token file.
    await dashboard.close();
    dashboard = await FakeDashboard.start({ tokens: new Set([SHARED_TOKEN]) });
    const again = agent();
    await waitFor(() => dashboard.registrations.length === 1, "registration with the token file", 20_000);
    expect(dashboard.handshakeTokens).toEqual(["host-token-for-web-1", SHARED_TOKEN]);
    expect(again.log.join("\n")).toMatch(/event=auth\.host_token_refused .*falling back to the token file/);
    expect(existsSync(path.join(root, "state", "host-token"))).toBe(false);
    expect(AUTH_ERRORS.invalidToken).toBe("invalid token");
  });

  it("loses nothing while the dashboard is down: 10,000 lines arrive once, in order, then the result", async () => {
    mkdirSync(path.join(root, "config"));
    writeScript(
      path.join(root, "bin", "nixos-rebuild"),
      `while [ ! -e "${root}/go" ]; do sleep 0.05; done\nseq 1 10000 | sed 's/^/line /'\necho "built" >&2\ntouch "${root}/done"`,
    );
    agent(["--repo-dir", path.join(root, "config")]);
    await waitFor(() => dashboard.registrations.length === 1, "registration");
    const id = crypto.randomUUID();
    expect(await dashboard.runCommand({ id, type: "switch" })).toEqual({ accepted: true });
    expect(await dashboard.runCommand({ id: crypto.randomUUID(), type: "test" })).toEqual({
      accepted: false,
      reason: `busy: switch ${id} is running`,
    });
    await waitFor(() => dashboard.lines(id).length >= 1, "the first output line");

    await dashboard.close();
    writeFileSync(path.join(root, "go"), "");
    await waitFor(() => existsSync(path.join(root, "done")), "the command to finish while the dashboard is down");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(dashboard.lines(id)).toHaveLength(1);

    dashboard = await dashboard.restart();
    await waitFor(() => dashboard.results.has(id), "the result after the dashboard came back", 30_000);
    const stored = dashboard.output.get(id) ?? [];
    expect(stored.map((chunk) => chunk.seq)).toEqual(stored.map((_, index) => index + 1));
    const stdout = stored.filter((chunk) => chunk.stream === "stdout").map((chunk) => chunk.line);
    expect(stdout).toEqual(Array.from({ length: 10_000 }, (_, index) => `line ${index + 1}`));
    expect(stored).toContainEqual(expect.objectContaining({ stream: "stderr", line: "built" }));
    expect(dashboard.results.get(id)).toMatchObject({ type: "switch", state: "succeeded", exitCode: 0, lastSeq: stored.length });
    expect(dashboard.duplicates).toBeLessThanOrEqual(500);
    expect(dashboard.errors).toEqual([]);
    await waitFor(() => !existsSync(path.join(root, "state", "outbox", id)), "the outbox to forget the delivered command");
  });

  it("on darwin, a home-manager switch survives the agent being stopped and killed, and its full output and result are reported", async () => {
    mkdirSync(path.join(root, "config"));
    // Prints 40 numbered lines over about 4 s, then fails with exit code 3.
    writeScript(
      path.join(root, "bin", "home-manager"),
      `echo $$ > "${root}/hm.pid"\ni=1\nwhile [ $i -le 40 ]; do echo "hm $i"; i=$((i+1)); sleep 0.1; done\nexit 3`,
    );
    const args = ["--platform", "darwin", "--repo-dir", path.join(root, "config")];
    const first = agent(args);
    await waitFor(() => dashboard.registrations.length === 1, "registration");
    const id = crypto.randomUUID();
    expect(await dashboard.runCommand({ id, type: "switch" })).toEqual({ accepted: true });
    await waitFor(() => dashboard.lines(id).some((line) => line === "hm 5"), "some switch output");

    // launchd stops the agent during the switch: a clean stop must leave the switch running.
    expect(await first.stop("SIGTERM")).toBe(0);
    const hmPid = Number(readFileSync(path.join(root, "hm.pid"), "utf8"));
    expect(() => process.kill(hmPid, 0)).not.toThrow();

    const second = agent(args);
    await waitFor(() => dashboard.lines(id).some((line) => line === "hm 15"), "output followed by the restarted agent");
    expect(second.log.join("\n")).toMatch(/event=command\.recovered .*step=switch/);
    // A crash this time.
    await second.stop("SIGKILL");

    agent(args);
    await waitFor(() => dashboard.results.has(id), "the result after two restarts", 30_000);
    const lines = dashboard.lines(id);
    expect(lines.filter((line) => line.startsWith("hm "))).toEqual(Array.from({ length: 40 }, (_, index) => `hm ${index + 1}`));
    expect(lines.filter((line) => line.startsWith("agent restarted: following the detached switch"))).toHaveLength(2);
    expect(dashboard.results.get(id)).toMatchObject({ type: "switch", state: "failed", exitCode: 3, lastSeq: lines.length });
    expect(dashboard.errors).toEqual([]);
  });
});
