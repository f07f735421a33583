import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { TrustedProxies } from "./trusted-proxy";

const request = (peer: string, headers: Record<string, string>) =>
  ({ socket: { remoteAddress: peer }, headers: { ...headers } }) as unknown as IncomingMessage;

describe("TrustedProxies", () => {
  const proxies = new TrustedProxies(["10.0.0.1"]);
  const forwarded = { "x-forwarded-for": "203.0.113.7, 198.51.100.2", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", host: "fleet.example" };

  it("drops every forwarded header a client sent itself (issue 12, weak spot 9)", () => {
    const req = request("::ffff:192.0.2.1", forwarded);
    expect(proxies.admit(req)).toBe("192.0.2.1");
    expect(req.headers).toEqual({ host: "fleet.example" });
  });

  it("believes a trusted proxy: the last X-Forwarded-For entry is the client", () => {
    const req = request("10.0.0.1", forwarded);
    expect(proxies.admit(req)).toBe("198.51.100.2");
    expect(req.headers["x-forwarded-host"]).toBe("evil.example");
  });
});
