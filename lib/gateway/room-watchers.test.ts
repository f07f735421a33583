import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mayHaveWatchers } from "./room-watchers";

describe("mayHaveWatchers", () => {
  let server: Server;
  let client: Socket;
  beforeEach(async () => {
    const http = createServer();
    server = new Server(http, { transports: ["websocket"] });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ["websocket"] });
    await new Promise<void>((resolve) => client.once("connect", resolve));
  });
  afterEach(async () => {
    client.close();
    await server.close();
  });

  it("is true while a socket of this dashboard is in the room, and false once it left", async () => {
    const namespace = server.of("/");
    expect(mayHaveWatchers(namespace, false, "command:c-1")).toBe(false);
    const [socket] = await namespace.fetchSockets();
    socket!.join("command:c-1");
    expect(mayHaveWatchers(namespace, false, "command:c-1")).toBe(true);
    expect(mayHaveWatchers(namespace, false, "command:c-2")).toBe(false);
    socket!.leave("command:c-1");
    expect(mayHaveWatchers(namespace, false, "command:c-1")).toBe(false);
  });

  it("is always true with replicas: their watchers are in the peers' rooms", () => {
    expect(mayHaveWatchers(server.of("/"), true, "command:c-1")).toBe(true);
  });
});
