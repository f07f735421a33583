import { openSync, statSync, writeSync, closeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { openStore } from "./client";
import { createCommands, insertOutput } from "./commands";
import { outputText } from "./output-text";
import { createTestStore } from "../../test-support/test-store";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("outputText", () => {
  it("sends every stored line in order", async () => {
    const store = await createTestStore();
    await store.host.create({ data: { name: "web-1", platform: "nixos" } });
    const [command] = await createCommands(store, [{ id: "00000000-0000-4000-8000-000000000001", hostName: "web-1", type: "switch", requestedBy: "admin" }]);
    await insertOutput(store, command!.id, [3, 1, 2].map((seq) => ({ seq, stream: "stdout" as const, line: `line ${seq}` })));
    expect(await readAll(outputText(store, command!.id, createLogger("error"), 2))).toBe("line 1\nline 2\nline 3\n");
    await store.$disconnect();
  });

  it("sends what it can read of a damaged store, then says why the rest is missing", async () => {
    const setup = await createTestStore();
    const [row] = await setup.$queryRawUnsafe<{ file: string }[]>("PRAGMA database_list");
    const file = row!.file;
    await setup.host.create({ data: { name: "web-1", platform: "nixos" } });
    const [command] = await createCommands(setup, [{ id: "00000000-0000-4000-8000-000000000002", hostName: "web-1", type: "switch", requestedBy: "admin" }]);
    for (let seq = 1; seq <= 20_000; seq += 500) {
      await insertOutput(setup, command!.id, Array.from({ length: 500 }, (_, i) => ({ seq: seq + i, stream: "stdout" as const, line: `line ${seq + i} ${"x".repeat(100)}` })));
    }
    await setup.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    await setup.$disconnect();
    // Garbage over a page near the end of the file, where the last lines are.
    const fd = openSync(file, "r+");
    const pageSize = 4096;
    const page = Math.floor((statSync(file).size / pageSize) * 0.9);
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, page * pageSize);
    closeSync(fd);

    const store = await openStore(`file:${file}`);
    const text = await readAll(outputText(store, command!.id, createLogger("error"), 1_000));
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(1_000);
    expect(lines.length).toBeLessThan(20_000);
    expect(lines.slice(0, -1).every((line, i) => line.startsWith(`line ${i + 1} `))).toBe(true);
    expect(lines.at(-1)).toMatch(/^\[nixfleet: the output stops here: it could not be read from the database \(.+\)\]$/);
    await store.$disconnect();
  });
});
