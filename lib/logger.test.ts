import { describe, expect, it } from "vitest";
import { LOG_FLUSH_MS, bufferedLines, createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger("debug", (line) => lines.push(line)) };
}

describe("the dashboard's logger", () => {
  it("writes one logfmt line per event, quoting values with spaces", () => {
    const { lines, log } = capture();
    log.info("agent.registered", { host: "web-1", version: "1.0.0", note: "two words", skipped: undefined });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^time=\S+ level=info event=agent\.registered host=web-1 version=1\.0\.0 note="two words"$/);
  });

  it("redacts fields whose name says they hold a secret", () => {
    const { lines, log } = capture();
    const secret = `s3cr3t-${Math.random().toString(36).slice(2)}`;
    log.warn("careless", {
      token: secret, hostToken: secret, password: secret, cookie: secret, authorization: secret,
      sessionSecret: secret, apiKey: secret, host: "web-1",
    });
    expect(lines[0]).not.toContain(secret);
    for (const key of ["token", "hostToken", "password", "cookie", "authorization", "sessionSecret", "apiKey"]) {
      expect(lines[0]).toContain(` ${key}=<redacted>`);
    }
    expect(lines[0]).toContain(" host=web-1");
  });

  it("keeps fields that only name a secret (a token's id), not the secret itself", () => {
    const { lines, log } = capture();
    log.info("token.revoked", { tokenId: "abc123", host: "web-1" });
    expect(lines[0]).toContain("tokenId=abc123");
  });

  it("redacts secrets inside free text such as an error message", () => {
    const { lines, log } = capture();
    const secret = `s3cr3t${Math.random().toString(36).slice(2)}`;
    log.error("request.failed", {
      error: `GET failed: Authorization: Bearer ${secret}`,
      headers: `cookie: next-auth.session-token=${secret}; theme=dark`,
      url: `postgresql://nixfleet:${secret}@db.example/nixfleet?password=${secret}`,
      query: `/api?token=${secret}&page=2`,
    });
    expect(lines[0]).not.toContain(secret);
    expect(lines[0]).toContain("<redacted>");
    expect(lines[0]).toContain("page=2");
  });
});

describe("bufferedLines", () => {
  const streams = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, lines: bufferedLines({ write: (text: string) => out.push(text) }, { write: (text: string) => err.push(text) }) };
  };

  it("writes a burst of lines in one write per stream, each in its order", async () => {
    const { out, err, lines } = streams();
    for (let i = 0; i < 100; i++) lines.write(`line ${i}`, i % 10 === 0);
    expect(out).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, LOG_FLUSH_MS * 3));

    expect(out).toEqual([Array.from({ length: 100 }, (_, i) => `line ${i}`).filter((_, i) => i % 10 !== 0).join("\n") + "\n"]);
    expect(err).toEqual([Array.from({ length: 10 }, (_, i) => `line ${i * 10}`).join("\n") + "\n"]);
  });

  it("writes what waits at once when flushed (as the process exits), and nothing twice", async () => {
    const { out, err, lines } = streams();
    lines.write("last words", false);
    lines.flush();
    expect(out).toEqual(["last words\n"]);
    await new Promise((resolve) => setTimeout(resolve, LOG_FLUSH_MS * 3));
    expect(out).toEqual(["last words\n"]);
    expect(err).toEqual([]);
  });
});
