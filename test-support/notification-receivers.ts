import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedWebhook {
  body: string;
  json: unknown;
  headers: Record<string, string | string[] | undefined>;
  /** The X-NixFleet-Signature header matched the HMAC-SHA256 of the body under the receiver's secret. */
  signatureValid: boolean;
}

/**
 * A real HTTP receiver for webhooks, checking each one's signature as a user's receiver would. It
 * answers `failFirst` requests with 503 before it accepts any (to see retries).
 */
export async function startWebhookReceiver(secret: string, options: { failFirst?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  let refused = 0;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => {
      if (refused < (options.failFirst ?? 0)) {
        refused += 1;
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(parts).toString("utf8");
      const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(body).digest("hex")}`);
      const given = Buffer.from(String(req.headers["x-nixfleet-signature"] ?? ""));
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        // not JSON: ntfy's plain text body
      }
      received.push({ body, json, headers: req.headers, signatureValid: given.length === expected.length && timingSafeEqual(given, expected) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    refused: () => refused,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** A real SMTP server (smtp-server) that parses each message (mailparser), with a login it checks. */
export async function startSmtpReceiver(user: string, password: string) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error("invalid login"));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(", ") : (mail.to?.text ?? "");
          received.push({ from: mail.from?.text ?? "", to, subject: mail.subject ?? "", text: mail.text ?? "" });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { host: "127.0.0.1", port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
