import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { forwardUpgrades } from "./upgrades";

describe("WebSocket upgrades", () => {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  /** A real HTTP server with Socket.IO on it and Next's upgrade server beside it, as server.ts wires them. */
  async function serve() {
    const httpServer = createServer();
    const io = new Server(httpServer, { transports: ["websocket"] });
    const forNext = createServer();
    const nextSaw: string[] = [];
    forNext.on("upgrade", (req: IncomingMessage, socket) => {
      nextSaw.push(req.url ?? "");
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
    });
    forwardUpgrades(httpServer, forNext, io.path());
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    closers.push(() => io.close());
    const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    return { url, nextSaw };
  }

  it("leaves Socket.IO's connections to Socket.IO: Next never sees them", async () => {
    const { url, nextSaw } = await serve();
    const client: Socket = connect(url, { transports: ["websocket"], reconnection: false });
    closers.push(() => client.close());
    await new Promise<void>((resolve, reject) => {
      client.once("connect", resolve);
      client.once("connect_error", reject);
    });
    expect(nextSaw).toEqual([]);
  });

  it("hands every other upgrade (the dev server's hot reload) to Next", async () => {
    const { url, nextSaw } = await serve();
    await new Promise<void>((resolve) => {
      const req = request(`${url}/_next/hmr`, { headers: { connection: "upgrade", upgrade: "websocket" } });
      req.on("response", () => resolve());
      req.on("error", () => resolve());
      req.end();
    });
    expect(nextSaw).toEqual(["/_next/hmr"]);
  });
});
