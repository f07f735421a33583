import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiDelete, apiGet, apiPost } from "./api-client";

/** A real HTTP server answering as the dashboard's routes do. */
let server: Server;
let base: string;
const received: { method: string; url: string; contentType: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", contentType: req.headers["content-type"], body });
      const answer = (status: number, payload: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(payload);
      };
      if (req.url === "/ok") return answer(200, JSON.stringify({ hosts: ["web-1"] }));
      if (req.url === "/busy") return answer(409, JSON.stringify({ error: "nas is online: stop its agent first", requestId: "r-409" }));
      if (req.url === "/broken") return answer(500, JSON.stringify({ error: "internal error", requestId: "r-500" }));
      if (req.url === "/html") return answer(502, "<html>");
      if (req.url === "/limited") return answer(429, JSON.stringify({ error: "too many token changes" }), { "retry-after": "30" });
      if (req.url === "/limited-worded") return answer(429, JSON.stringify({ error: "too many attempts: try again in 12 s" }));
      answer(404, JSON.stringify({ error: "no such route", requestId: "r-404" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the API client", () => {
  it("gives the answer's JSON as the typed value", async () => {
    expect(await apiGet<{ hosts: string[] }>(`${base}/ok`)).toEqual({ ok: true, value: { hosts: ["web-1"] } });
  });

  it("sends a POST body as JSON, and a DELETE without one", async () => {
    received.length = 0;
    await apiPost(`${base}/ok`, { type: "switch" });
    await apiDelete(`${base}/ok`);
    expect(received).toEqual([
      { method: "POST", url: "/ok", contentType: "application/json", body: '{"type":"switch"}' },
      { method: "DELETE", url: "/ok", contentType: undefined, body: "" },
    ]);
  });

  it("gives the server's words, status and request id for a refusal", async () => {
    expect(await apiPost(`${base}/busy`)).toEqual({
      ok: false,
      error: { message: "nas is online: stop its agent first", status: 409, requestId: "r-409" },
    });
  });

  it("names the request id of a failure of the dashboard's own, so it can be found in the log", async () => {
    expect(await apiGet(`${base}/broken`)).toEqual({
      ok: false,
      error: { message: "internal error (request r-500)", status: 500, requestId: "r-500" },
    });
  });

  it("falls back to the status when the body is not an error", async () => {
    expect(await apiGet(`${base}/html`)).toEqual({
      ok: false,
      error: { message: "The dashboard answered HTTP 502.", status: 502, requestId: null },
    });
  });

  it("says how long to wait after a 429", async () => {
    expect(await apiPost(`${base}/limited`)).toMatchObject({ ok: false, error: { message: "too many token changes. Try again in 30 s.", status: 429 } });
    expect(await apiPost(`${base}/limited-worded`)).toMatchObject({ ok: false, error: { message: "too many attempts: try again in 12 s." } });
  });

  it("says so when the dashboard does not answer at all", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await apiGet(`http://127.0.0.1:${port}/ok`);
    expect(result).toMatchObject({ ok: false, error: { status: null, requestId: null, message: expect.stringMatching(/^The dashboard did not answer: /) } });
  });
});
