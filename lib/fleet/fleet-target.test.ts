import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetTargetState } from "../protocol/browser";
import { FleetTargetPoller, fetchFleetTarget } from "./fleet-target";

const SHA = "d".repeat(40);
let body = "";
let status = 200;
let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  base = typeof address === "object" && address ? `http://127.0.0.1:${address.port}/version.json` : "";
});
afterAll(() => server.close());

const versionJson = (override: Record<string, unknown> = {}) =>
  JSON.stringify({ repo: "https://github.com/example/nixcfg", gitCommit: SHA, message: "Update hosts", branch: "main", timestamp: "2026-11-20T10:00:00Z", ...override });

describe("fetchFleetTarget", () => {
  it("reads the seed README's version.json, with an optional lockHash", async () => {
    status = 200;
    body = versionJson({ lockHash: "e".repeat(64) });
    expect(await fetchFleetTarget(base)).toEqual({
      repo: "https://github.com/example/nixcfg", gitCommit: SHA, message: "Update hosts", branch: "main",
      timestamp: Date.parse("2026-11-20T10:00:00Z"), lockHash: "e".repeat(64),
    });
  });

  it.each([
    [500, versionJson(), /answered HTTP 500/],
    [200, "<html>", /is not JSON/],
    [200, versionJson({ gitCommit: "abc" }), /is not a version.json: gitCommit/],
    [200, versionJson({ timestamp: "yesterday" }), /timestamp/],
  ])("refuses HTTP %i with %s", async (code, text, message) => {
    status = code;
    body = text;
    await expect(fetchFleetTarget(base)).rejects.toThrow(message);
  });

  it("says when the server cannot be reached", async () => {
    await expect(fetchFleetTarget("http://127.0.0.1:1/version.json")).rejects.toThrow(/cannot fetch/);
  });
});

describe("FleetTargetPoller", () => {
  it("keeps the last good target, marked stale with the reason, when a fetch fails", async () => {
    const changes: FleetTargetState[] = [];
    const poller = new FleetTargetPoller(base, "1.0.0");
    poller.subscribe((s) => changes.push(s));
    status = 200;
    body = versionJson();
    await poller.refresh();
    expect(poller.state).toMatchObject({ configured: true, target: { gitCommit: SHA }, staleReason: null });
    status = 502;
    await poller.refresh();
    expect(poller.state).toMatchObject({ target: { gitCommit: SHA }, staleReason: expect.stringMatching(/HTTP 502/) });
    expect(changes).toHaveLength(2);
  });

  it("without a URL reports that no target is configured", async () => {
    const poller = new FleetTargetPoller(null, "1.0.0");
    expect(await poller.refresh()).toEqual({ configured: false, target: null, fetchedAt: null, staleReason: null, agentVersion: "1.0.0" });
  });
});
