import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CURRENT, DESIRED, SHARED_TOKEN, inWorld } from "./test-support/agent-world";
import { FakeDashboard, waitFor } from "./test-support/fake-dashboard";
import { git, makeOrigin } from "./test-support/fixtures";
import { NixSystem } from "./test-support/nix-system";
import { AGENT_VERSION } from "./version";

/**
 * The real agent process (from source) against a real Socket.IO server that implements the /agent
 * side of the protocol. Only the Nix tools are stand-ins: scripts on PATH.
 */
// Real processes on a shared 2-core machine: generous time, the waits inside fail first and say why.
describe.concurrent("the agent process connecting to a dashboard", { timeout: 120_000 }, () => {
  it("in isolated mode without --repo-url, clones the fleet target's repository and registers again saying where the URL came from", () =>
    inWorld(async (world) => {
      const upstream = makeOrigin(world.root);
      world.dashboard.fleetRepo = upstream.origin;
      const agent = world.agent(["--repo-dir", path.join(world.root, "no-checkout"), "--isolated-repo-mode"]);
      await waitFor(() => world.dashboard.registrations.length === 2, "the registration, then the one that names the fleet's repository");
      expect(world.dashboard.registrations.map(({ repoUrl, repoUrlSource, platformNames }) => ({ repoUrl, repoUrlSource, platformNames }))).toEqual([
        { repoUrl: "", repoUrlSource: "none", platformNames: 2 },
        { repoUrl: upstream.origin, repoUrlSource: "fleet-target", platformNames: 2 },
      ]);
      await agent.waitForLog(new RegExp(`event=repo_url\\.chosen .*source=fleet-target`));
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "pull" })).toEqual({ accepted: true });
      await waitFor(() => world.dashboard.results.has(id), "the pull's result");
      expect(world.dashboard.results.get(id)).toMatchObject({ state: "succeeded", exitCode: 0 });
      expect(world.dashboard.lines(id)[0]).toBe(`$ git clone --branch main -- ${upstream.origin} ${path.join(world.root, "state", "repo")}.clone-tmp`);
      await waitFor(
        () => world.dashboard.heartbeats.some((beat) => beat.status.headCommit === git(upstream.work, "rev-parse", "HEAD")),
        "the clone's HEAD in a heartbeat",
      );
      // Restarted with no fleet target (its version.json unreachable): the agent's own clone still names it.
      world.dashboard.fleetRepo = null;
      await agent.stop("SIGTERM");
      world.agent(["--repo-dir", path.join(world.root, "no-checkout"), "--isolated-repo-mode"]);
      await waitFor(() => world.dashboard.registrations.length === 3, "the registration after the restart");
      expect(world.dashboard.registrations[2]).toMatchObject({ repoUrl: upstream.origin, repoUrlSource: "clone" });
    }));

  it("runs a command that arrives before the register ack with what the ack told (the fleet target's repository)", () =>
    inWorld(async (world) => {
      const upstream = makeOrigin(world.root);
      world.dashboard.fleetRepo = upstream.origin;
      const id = crypto.randomUUID();
      world.dashboard.commandBeforeRegisterAck = { id, type: "pull" };
      world.agent(["--repo-dir", path.join(world.root, "no-checkout"), "--isolated-repo-mode"]);
      await waitFor(() => world.dashboard.results.has(id), "the early pull's result");
      expect(world.dashboard.results.get(id)).toMatchObject({ state: "succeeded", exitCode: 0 });
    }));

  it("registers with its facts, swaps the shared token for its host token, heartbeats, and answers commands and bad input", () =>
    inWorld(async (world) => {
      const upstream = makeOrigin(world.root);
      const checkout = path.join(world.root, "checkout");
      git(world.root, "clone", "--quiet", upstream.origin, checkout);
      const first = world.agent(["--repo-dir", checkout, "--interval", "1", "--location", "home", "--device-type", "desktop", "--theme-color", "#123abc"]);

      await waitFor(() => world.dashboard.registrations.length === 1, "registration");
      expect(world.dashboard.registrations[0]).toMatchObject({
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
      const hostTokenFile = path.join(world.root, "state", "host-token");
      await waitFor(() => existsSync(hostTokenFile), "the host token to be stored");
      expect(readFileSync(hostTokenFile, "utf8").trim()).toBe("host-token-for-web-1");
      expect(statSync(hostTokenFile).mode & 0o777).toBe(0o600);
      // Stored first, then confirmed: the dashboard refuses the shared token for this host from then on.
      await waitFor(() => world.dashboard.confirmedTokens.includes("host-token-for-web-1"), "the host token to be confirmed");
      expect(first.log.join("\n")).not.toContain(SHARED_TOKEN);
      expect(first.log.join("\n")).not.toContain("host-token-for-web-1");

      // The desired system is evaluated once at start, not on every heartbeat.
      await waitFor(() => world.dashboard.heartbeats.some((beat) => beat.status.desiredSystem === DESIRED), "the desired system in a heartbeat");
      await waitFor(() => world.dashboard.heartbeats.length >= 3, "three heartbeats");
      const calls = () => readFileSync(path.join(world.root, "nix.calls"), "utf8").trim().split("\n");
      expect(calls()).toEqual([`eval --raw ${checkout}#nixosConfigurations.web-1.config.system.build.toplevel.outPath`]);

      expect(await world.dashboard.runCommand({ id: crypto.randomUUID(), type: "refresh" })).toEqual({ accepted: true });
      await waitFor(() => calls().length === 2, "a second evaluation after refresh");

      // Bad input is refused with a reason and breaks nothing.
      expect(await world.dashboard.emitRaw("command:run", { id: crypto.randomUUID(), type: "reboot" })).toMatchObject({
        accepted: false,
        reason: expect.stringMatching(/^invalid message: type/),
      });
      expect(await world.dashboard.emitRaw("command:run", { type: "pull" })).toMatchObject({ accepted: false, reason: expect.stringMatching(/id/) });
      expect(await world.dashboard.emitRaw("command:run", "x".repeat(100_000))).toMatchObject({ accepted: false });
      expect(await world.dashboard.emitRaw("command:stop", { commandId: "nope" })).toMatchObject({ ok: false });
      expect(await world.dashboard.stopCommand(crypto.randomUUID())).toMatchObject({ ok: false, error: expect.stringMatching(/no command is running/) });

      // A real command still works afterwards: pull brings the new commit and the next status shows it.
      const head = upstream.commit("flake.lock", "{}\n");
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "pull" })).toEqual({ accepted: true });
      await waitFor(() => world.dashboard.results.has(id), "the pull result");
      expect(world.dashboard.results.get(id)).toMatchObject({ type: "pull", state: "succeeded", exitCode: 0, lastSeq: world.dashboard.lines(id).length });
      await waitFor(() => world.dashboard.heartbeats.at(-1)?.status.headCommit === head, "the new HEAD in a heartbeat");
      expect(world.dashboard.heartbeats.at(-1)?.status.lockHash).toMatch(/^[0-9a-f]{64}$/);

      // The next connection uses the host token.
      world.dashboard = await world.dashboard.restart();
      await waitFor(() => world.dashboard.registrations.length === 2, "re-registration after the dashboard restarted", 20_000);
      expect(world.dashboard.handshakeTokens.at(-1)).toBe("host-token-for-web-1");
      expect(world.dashboard.errors).toEqual([]);
    }));

  it("logs a refused token clearly and keeps retrying with backoff; a refused host token falls back to the token file", () =>
    inWorld(async (world) => {
      writeFileSync(path.join(world.root, "token"), "wrong-token\n");
      const started = world.agent();
      await started.waitForLog(/event=auth\.token_refused/);
      expect(started.log.find((line) => line.includes("auth.token_refused"))).toMatch(/hint="the dashboard refused the token from this file/);
      await waitFor(() => world.dashboard.handshakeTokens.length >= 2, "a second attempt");
      expect(world.dashboard.registrations).toHaveLength(0);
      // The file is fixed (a secret manager rewrote it): the next attempt uses it.
      writeFileSync(path.join(world.root, "token"), `${SHARED_TOKEN}\n`);
      await waitFor(() => world.dashboard.registrations.length === 1, "registration with the fixed token", 20_000);
      await started.stop();

      // A dashboard that does not know the stored host token (revoked): back to the token file.
      await world.dashboard.close();
      world.dashboard = await FakeDashboard.start({ tokens: new Set([SHARED_TOKEN]) });
      const again = world.agent();
      await waitFor(() => world.dashboard.registrations.length === 1, "registration with the token file", 20_000);
      expect(world.dashboard.handshakeTokens).toEqual(["host-token-for-web-1", SHARED_TOKEN]);
      expect(again.log.join("\n")).toMatch(/event=auth\.host_token_refused .*falling back to the token file/);
      expect(existsSync(path.join(world.root, "state", "host-token"))).toBe(false);
    }));
  it("reports the host's generations with its registration, and again when the profile gains one", () =>
    inWorld(async (world) => {
      const system = new NixSystem(path.join(world.root, "host"));
      system.install(CURRENT);
      world.agent(["--interval", "1"], { NIXFLEET_PROFILE: system.profile, NIXFLEET_CURRENT_SYSTEM_LINK: system.currentLink });
      await waitFor(() => world.dashboard.registrations.length === 1, "the registration");
      expect(world.dashboard.registrations[0]?.generations).toEqual([{ number: 1, createdAt: expect.any(Number), storePath: CURRENT, current: true }]);
      // What a switch does to the profile, done behind the agent's back: it notices on its own.
      system.setProfile(system.addGeneration(DESIRED));
      await waitFor(() => world.dashboard.generations.length > 0, "host:generations after the profile changed");
      expect(world.dashboard.generations[0]?.generations.map(({ number, storePath, current }) => ({ number, storePath, current }))).toEqual([
        { number: 2, storePath: DESIRED, current: false },
        { number: 1, storePath: CURRENT, current: true },
      ]);
      // Said once: nothing changed since.
      const heartbeats = world.dashboard.heartbeats.length;
      await waitFor(() => world.dashboard.heartbeats.length >= heartbeats + 2, "two more heartbeats");
      expect(world.dashboard.generations).toHaveLength(1);
    }));

  it("names a damaged host token file in one line, and registers with the token file instead", () =>
    inWorld(async (world) => {
      const hostTokenFile = path.join(world.root, "state", "host-token");
      mkdirSync(path.dirname(hostTokenFile), { recursive: true });
      writeFileSync(hostTokenFile, Buffer.from([0x6e, 0x66, 0x68, 0x5f, 0x00, 0xff, 0xfe, 0x13]));
      const agent = world.agent();
      await waitFor(() => world.dashboard.registrations.length === 1, "registration with the token file", 20_000);
      expect(world.dashboard.handshakeTokens).toEqual([SHARED_TOKEN]);
      const lines = agent.log.filter((line) => line.includes("host_token.unusable"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`problem="host token file ${hostTokenFile} holds bytes no token has (damaged?)"`);
      expect(lines[0]).toMatch(/hint="ignored: the agent registers with the token file; .*\/tokens page/);
      // The dashboard's new host token replaces the damaged file.
      await waitFor(() => readFileSync(hostTokenFile, "utf8").trim() === "host-token-for-web-1", "the new host token on disk");
    }));
});
