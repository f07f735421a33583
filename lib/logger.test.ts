import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

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
