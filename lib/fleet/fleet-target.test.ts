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

describe("fetchFleetTarget's bounds (issue 12)", () => {
  let other: Server;
  let otherBase = "";
  let bytesSent = 0;
  let internalHits = 0;
  beforeAll(async () => {
    other = createServer((req, res) => {
      if (req.url === "/internal") {
        internalHits++;
        res.writeHead(200, { "content-type": "application/json" });
        res.end(versionJson());
        return;
      }
      if (req.url === "/elsewhere") {
        // 127.0.0.2 is another host as far as URLs go, though it reaches this same server.
        res.writeHead(302, { location: otherBase.replace("127.0.0.1", "127.0.0.2") + "/internal" });
        res.end();
        return;
      }
      if (req.url === "/same-host") {
        res.writeHead(301, { location: "/internal" });
        res.end();
        return;
      }
      // An endless body: the reader must stop at its cap.
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && bytesSent < 400 * 1024 * 1024) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    }).listen(0, "0.0.0.0");
    await once(other, "listening");
    const address = other.address();
    otherBase = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";
  });
  afterAll(() => other.close());

  it("refuses a redirect to another host", async () => {
    await expect(fetchFleetTarget(`${otherBase}/elsewhere`)).rejects.toThrow(/redirect/);
    expect(internalHits).toBe(0);
  });

  it("follows a redirect on the same host", async () => {
    expect((await fetchFleetTarget(`${otherBase}/same-host`)).gitCommit).toBe(SHA);
  });

  it("stops reading a huge body at its cap", async () => {
    await expect(fetchFleetTarget(`${otherBase}/huge`)).rejects.toThrow(/larger than 65536 bytes/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bytesSent).toBeLessThan(32 * 1024 * 1024);
  });
});
