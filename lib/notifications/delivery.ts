import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { ChannelSettings } from "../protocol/notifications";
import { plainText, type NotificationMessage } from "./events";

/** The header that carries a generic webhook's signature: `sha256=<hex HMAC-SHA256 of the body>`. */
export const SIGNATURE_HEADER = "x-nixfleet-signature";
/** A receiver that does not answer within this is counted as failed (and retried). */
const DELIVERY_TIMEOUT_MS = 10_000;

export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { method: "POST", body, headers, signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS), redirect: "error" });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${new URL(url).host} answered ${response.status}`);
}

/** The generic webhook's JSON body. */
export function webhookBody(message: NotificationMessage): string {
  return JSON.stringify({
    source: "nixfleet",
    kind: message.kind,
    count: message.count,
    title: message.title,
    text: plainText(message),
    events: message.events.map(({ kind, subject, text, at }) => ({ kind, subject, text, at: new Date(at).toISOString() })),
  });
}

/**
 * Sends one message to one channel; throws (with words for the settings page, no secrets) when it
 * did not arrive.
 */
export async function deliver(settings: ChannelSettings, message: NotificationMessage): Promise<void> {
  switch (settings.kind) {
    case "webhook": {
      const body = webhookBody(message);
      return post(settings.url, body, { "content-type": "application/json", [SIGNATURE_HEADER]: signBody(settings.secret, body) });
    }
    case "chat":
      // Slack and Mattermost read `text`, Discord `content`; each ignores the other's field.
      return post(settings.url, JSON.stringify({ text: plainText(message), content: plainText(message).slice(0, 2_000) }), { "content-type": "application/json" });
    case "ntfy":
      return post(settings.url, message.lines.join("\n"), {
        title: message.title,
        tags: message.kind.startsWith("command.") || message.kind === "rollout.stopped" ? "warning" : "information_source",
        ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
      });
    case "email": {
      const transport = nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure,
        auth: settings.user ? { user: settings.user, pass: settings.password ?? "" } : undefined,
        connectionTimeout: DELIVERY_TIMEOUT_MS,
        greetingTimeout: DELIVERY_TIMEOUT_MS,
        socketTimeout: DELIVERY_TIMEOUT_MS,
      });
      try {
        await transport.sendMail({ from: settings.from, to: settings.to, subject: message.title, text: plainText(message) });
      } finally {
        transport.close();
      }
      return;
    }
  }
}

/** Where a channel sends, for the settings page: no secret in it. */
export function describeTarget(settings: ChannelSettings): string {
  if (settings.kind === "email") return `${settings.to.join(", ")} via ${settings.host}:${settings.port}`;
  const url = new URL(settings.url);
  return `${url.origin}${url.pathname.length > 24 ? `${url.pathname.slice(0, 24)}…` : url.pathname}`;
}
