import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeTimers } from "../../test-support/fake-timers";
import { startSmtpReceiver, startWebhookReceiver } from "../../test-support/notification-receivers";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { testHost } from "../../test-support/host-views";
import { createLogger } from "../logger";
import type { ChannelSettings } from "../protocol/notifications";
import type { Store } from "../store/client";
import { deliver } from "./delivery";
import type { NotificationMessage } from "./events";
import { commandNotifications, HostConditionWatcher } from "./fleet-events";
import { Notifier } from "./notifier";

const SECRET = "s3cret-for-the-test-receiver";
const failed = (id: number, host = `web-${id}`) => ({
  id: `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`, type: "switch" as const, state: "failed" as const,
  requestedBy: "admin", createdAt: 0, finishedAt: 1, exitCode: 1, durationMs: 1, reason: null, confirmedAt: null, rollback: null, hostName: host,
});

describe("Notifier", () => {
  let store: Store;
  let timers: FakeTimers;
  let sent: { settings: ChannelSettings; message: NotificationMessage }[];
  let failuresLeft: number;
  let notifier: Notifier;

  beforeEach(async () => {
    store = await createTestStore();
    timers = new FakeTimers();
    sent = [];
    failuresLeft = 0;
    notifier = new Notifier(store, createLogger("error", () => undefined), storeAudit(store), {
      timers,
      coalesceMs: 5_000,
      retry: { attempts: 3, firstDelayMs: 1_000, maxDelayMs: 2_000 },
      now: () => timers.now,
      deliver: async (settings, message) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          throw new Error("receiver answered 503");
        }
        sent.push({ settings, message });
      },
    });
    await notifier.start();
  });
  afterEach(() => store.$disconnect());

  const addChannel = (name: string, events: string[], extra: object = {}) =>
    notifier.create(
      { name, settings: { kind: "chat", url: `http://127.0.0.1:9/${name}` }, events: events as never, offlineMinutes: 10, behindHours: 24, ...extra },
      "admin",
      "192.0.2.7",
    );

  /** Fires the due timers and lets the deliveries they start finish. */
  const tick = async (ms: number) => {
    timers.advance(ms);
    await new Promise((resolve) => setImmediate(resolve));
    await notifier.settled();
  };

  it("sends 50 failures in a burst as one message per channel, with the count, and only to channels that hear them", async () => {
    await addChannel("ops", ["command.failed"]);
    await addChannel("team", ["command.failed", "host.offline"]);
    await addChannel("rollouts-only", ["rollout.finished"]);
    const listener = commandNotifications(notifier, () => timers.now);
    for (let i = 1; i <= 50; i++) listener.changed(failed(i));
    listener.changed(failed(1));
    await tick(5_000);

    expect(sent.map((s) => [s.settings.kind === "chat" && new URL(s.settings.url).pathname, s.message.count, s.message.title])).toEqual([
      ["/ops", 50, "NixFleet: 50 commands failed"],
      ["/team", 50, "NixFleet: 50 commands failed"],
    ]);
    expect(sent[0]!.message.lines.at(-1)).toBe("… and 40 more");
    expect(sent[0]!.message.lines[0]).toBe("switch failed (exit 1) on web-1");
  });

  it("retries a failed delivery with backoff, and records the give-up on the channel for the settings page", async () => {
    const channel = await addChannel("ops", ["command.failed"]);
    failuresLeft = 10;
    notifier.emit({ kind: "command.failed", subject: "web-1", text: "switch failed on web-1", at: 0 });
    await tick(5_000);
    expect(failuresLeft).toBe(9);
    await tick(999);
    expect(failuresLeft).toBe(9);
    await tick(1);
    await tick(2_000);
    expect(failuresLeft).toBe(7);
    const [view] = await notifier.list();
    expect(view).toMatchObject({ id: channel.id, lastError: "receiver answered 503 (gave up after 3 attempts)", lastSentAt: null });

    failuresLeft = 1;
    notifier.emit({ kind: "command.failed", subject: "web-1", text: "again", at: 0 });
    await tick(5_000);
    await tick(1_000);
    expect((await notifier.list())[0]).toMatchObject({ lastError: null, lastSentAt: expect.any(Number) });
  });

  it("tells each channel of a host offline once per spell, after the channel's own limit", async () => {
    await addChannel("fast", ["host.offline"], { offlineMinutes: 1 });
    await addChannel("slow", ["host.offline"], { offlineMinutes: 30 });
    const hosts = [testHost("web-1", { online: false, lastSeenAt: 0 })];
    const watcher = new HostConditionWatcher(() => hosts, notifier, () => timers.now);
    const channelsTold = () => sent.map((s) => (s.settings.kind === "chat" ? new URL(s.settings.url).pathname : ""));

    timers.now = 30_000;
    watcher.check();
    await tick(5_000);
    expect(channelsTold()).toEqual([]);
    timers.now = 2 * 60_000;
    watcher.check();
    watcher.check();
    await tick(5_000);
    expect(channelsTold()).toEqual(["/fast"]);
    timers.now = 31 * 60_000;
    watcher.check();
    await tick(5_000);
    expect(channelsTold()).toEqual(["/fast", "/slow"]);

    hosts[0] = testHost("web-1", { online: true, lastSeenAt: timers.now });
    watcher.check();
    hosts[0] = testHost("web-1", { online: false, lastSeenAt: timers.now });
    timers.now += 2 * 60_000;
    watcher.check();
    await tick(5_000);
    expect(channelsTold()).toEqual(["/fast", "/slow", "/fast"]);
  });

  it("audits creating and removing a channel, and never shows a secret back", async () => {
    const view = await notifier.create(
      { name: "hook", settings: { kind: "webhook", url: "https://hooks.example.org/nixfleet?key=abc", secret: SECRET }, events: ["command.failed"], offlineMinutes: 10, behindHours: 24 },
      "admin",
      "192.0.2.7",
    );
    expect(JSON.stringify(await notifier.list())).not.toContain(SECRET);
    expect(view.target).toBe("https://hooks.example.org/nixfleet");
    await notifier.remove(view.id, "admin", "192.0.2.7");
    expect(await notifier.list()).toEqual([]);
    expect((await store.auditEvent.findMany({ orderBy: { id: "asc" } })).map((e) => e.action)).toEqual(["settings.notification-save", "settings.notification-delete"]);
  });
});

describe("deliver, to real receivers", () => {
  const message: NotificationMessage = {
    kind: "command.failed", count: 2, title: "NixFleet: 2 commands failed", lines: ["switch failed on web-1", "test failed on web-2"],
    events: [{ kind: "command.failed", subject: "web-1", text: "switch failed on web-1", at: 0 }],
  };

  it("posts a generic webhook as JSON with an HMAC-SHA256 signature the receiver verifies", async () => {
    const receiver = await startWebhookReceiver(SECRET);
    try {
      await deliver({ kind: "webhook", url: receiver.url, secret: SECRET }, message);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]).toMatchObject({ signatureValid: true, json: { source: "nixfleet", kind: "command.failed", count: 2 } });
      await expect(deliver({ kind: "webhook", url: receiver.url, secret: "another-secret-of-16+" }, message)).resolves.toBeUndefined();
      expect(receiver.received[1]!.signatureValid).toBe(false);
    } finally {
      await receiver.close();
    }
  });

  it("throws with the receiver's status when it refuses", async () => {
    const receiver = await startWebhookReceiver(SECRET, { failFirst: 1 });
    try {
      await expect(deliver({ kind: "chat", url: receiver.url }, message)).rejects.toThrow(/answered 503/);
      await deliver({ kind: "chat", url: receiver.url }, message);
      expect(receiver.received[0]!.json).toMatchObject({ text: expect.stringContaining("2 commands failed"), content: expect.any(String) });
    } finally {
      await receiver.close();
    }
  });

  it("sends ntfy a plain body with the title in a header", async () => {
    const receiver = await startWebhookReceiver(SECRET);
    try {
      await deliver({ kind: "ntfy", url: receiver.url, token: "tk_test" }, message);
      expect(receiver.received[0]).toMatchObject({ body: "switch failed on web-1\ntest failed on web-2", headers: { title: message.title, authorization: "Bearer tk_test" } });
    } finally {
      await receiver.close();
    }
  });

  it("mails over SMTP with a login, to a real SMTP server", async () => {
    const smtp = await startSmtpReceiver("nixfleet", "mail-password");
    try {
      await deliver(
        { kind: "email", host: smtp.host, port: smtp.port, secure: false, user: "nixfleet", password: "mail-password", from: "fleet@example.org", to: ["ops@example.org"] },
        message,
      );
      expect(smtp.received).toEqual([{ from: "fleet@example.org", to: "ops@example.org", subject: "NixFleet: 2 commands failed", text: expect.stringContaining("test failed on web-2") }]);
      await expect(
        deliver({ kind: "email", host: smtp.host, port: smtp.port, secure: false, user: "nixfleet", password: "wrong", from: "fleet@example.org", to: ["ops@example.org"] }, message),
      ).rejects.toThrow(/auth|login/i);
    } finally {
      await smtp.close();
    }
  });
});
