import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testRegistration, testStatus } from "../../test-support/agent-messages";
import { AgentAuthenticator } from "../auth/agent-auth";
import { createLogger } from "../logger";
import type { Ack, CommandRunAck } from "../protocol/agent";
import type { Store } from "../store/client";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { findGenerations } from "../store/generations";
import { AgentSessions, type AgentSession } from "./agent-sessions";
import { CommandService, type AgentLink } from "./command-service";
import { LiveFleet } from "./live-fleet";

/** The gateway's side: agents that accept every command. */
const agents: AgentLink = {
  run: async (): Promise<CommandRunAck> => ({ accepted: true }),
  stop: async (): Promise<Ack> => ({ ok: true }),
};

const session = (overrides: Partial<AgentSession> = {}): AgentSession => ({
  hostname: "web-1", sourceIp: "10.0.0.7", registered: false, tokenId: null, closed: false, ...overrides,
});

describe("AgentSessions", () => {
  let store: Store;
  let fleet: LiveFleet;
  let commands: CommandService;
  let authenticator: AgentAuthenticator;
  let sessions: AgentSessions;
  let connected: Set<string>;
  const log = createLogger("error");

  beforeEach(async () => {
    store = await createTestStore();
    fleet = new LiveFleet(store, log);
    await fleet.start();
    const audit = storeAudit(store);
    commands = new CommandService(store, fleet, agents, log, audit, { lostAfterMs: 60_000, resultGraceMs: 60_000 });
    await commands.start();
    authenticator = new AgentAuthenticator(store, { sharedToken: "shared-token-for-the-test" });
    connected = new Set(["web-1"]);
    sessions = new AgentSessions({
      fleet, commands, tokens: authenticator, audit, log, dashboardVersion: "9.9.9", isConnected: (host) => connected.has(host),
    });
  });

  afterEach(async () => {
    commands.stop();
    await fleet.stop();
    await store.$disconnect();
  });

  it("stores the generations a registration carries, and those the agent reports later", async () => {
    const generation = (number: number, letter: string, current: boolean) => ({
      number, createdAt: 1_733_300_000 + number, storePath: `/nix/store/${letter.repeat(32)}-nixos-system-web-1`, current,
    });
    await sessions.register(session(), { ...testRegistration("web-1"), generations: [generation(1, "a", true)] });
    expect(await findGenerations(store, "web-1")).toEqual([generation(1, "a", true)]);
    await fleet.recordGenerations("web-1", [generation(2, "b", true), generation(1, "a", false)]);
    expect(await findGenerations(store, "web-1")).toEqual([generation(2, "b", true), generation(1, "a", false)]);
    // An older agent says nothing of generations: what was stored stays.
    await sessions.register(session(), testRegistration("web-1"));
    expect(await findGenerations(store, "web-1")).toHaveLength(2);
  });

  it("registers an agent on the shared token: the host goes online and gets its own token, audited", async () => {
    const agent = session();
    const reply = await sessions.register(agent, testRegistration("web-1"));
    expect(reply).toMatchObject({ ok: true, dashboardVersion: "9.9.9", hostToken: expect.stringMatching(/^nfh_/) });
    expect(agent.registered).toBe(true);
    expect(agent.tokenId).not.toBeNull();
    expect(fleet.get("web-1")).toMatchObject({ online: true });
    const token = reply.ok ? (reply.hostToken ?? "") : "";
    expect(await authenticator.authenticate("web-1", token, false)).toEqual({ ok: true, via: "host", tokenId: agent.tokenId });
    await fleet.hostsStored();
    expect(await store.auditEvent.findFirst({ where: { action: "token.bootstrap" } })).toMatchObject({
      actor: "agent:web-1", target: "web-1", sourceIp: "10.0.0.7",
    });
  });

  it("issues no token to an agent that already has its own", async () => {
    const reply = await sessions.register(session({ tokenId: "its-own-token" }), testRegistration("web-1"));
    expect(reply).toEqual({ ok: true, dashboardVersion: "9.9.9" });
    expect(await store.auditEvent.count()).toBe(0);
  });

  it("refuses a registration under another name than the handshake's", async () => {
    const agent = session();
    expect(await sessions.register(agent, testRegistration("db-1"))).toEqual({
      ok: false, error: 'register: host name "db-1" differs from the handshake\'s "web-1"',
    });
    expect(agent.registered).toBe(false);
    expect(fleet.get("db-1")).toBeUndefined();
  });

  it("refuses an agent whose connection closed before its registration was handled", async () => {
    expect(await sessions.register(session({ closed: true }), testRegistration("web-1"))).toEqual({
      ok: false, error: "disconnected before registering",
    });
    expect(fleet.get("web-1")).toBeUndefined();
  });

  it("leaves a host offline whose agent left while registering, unless it has connected again", async () => {
    const leaving = session();
    const registering = sessions.register(leaving, testRegistration("web-1"));
    leaving.closed = true;
    connected.delete("web-1");
    expect(await registering).toEqual({ ok: false, error: "disconnected while registering" });
    expect(fleet.get("web-1")).toMatchObject({ online: false });

    const replaced = session();
    const again = sessions.register(replaced, testRegistration("web-1"));
    replaced.closed = true;
    connected.add("web-1");
    expect(await again).toMatchObject({ ok: false });
    expect(fleet.get("web-1")).toMatchObject({ online: true });
  });

  it("takes a disconnected host offline and leaves its running command awaiting the agent", async () => {
    await sessions.register(session({ tokenId: "own" }), testRegistration("web-1"));
    const outcome = await commands.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    sessions.disconnected("web-1", "transport close");
    expect(fleet.get("web-1")).toMatchObject({ online: false });
    await expect.poll(() => fleet.get("web-1")?.lastCommand?.state).toBe("awaiting-reconnect");
  });

  it("reconciles the host's open commands with what it reports running when it registers again", async () => {
    await sessions.register(session({ tokenId: "own" }), testRegistration("web-1"));
    const outcome = await commands.request({ host: "web-1", type: "switch", requestedBy: "admin" });
    if (!outcome.ok) throw new Error(outcome.reason);
    sessions.disconnected("web-1", "transport close");
    await expect.poll(() => fleet.get("web-1")?.lastCommand?.state).toBe("awaiting-reconnect");
    const running = testStatus({ runningCommand: { id: outcome.command.id, type: "switch" } });
    await sessions.register(session({ tokenId: "own" }), testRegistration("web-1", { status: running }));
    expect(fleet.get("web-1")?.lastCommand?.state).toBe("running");
  });
});
