import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testRegistration } from "../../test-support/agent-messages";
import { ServiceError } from "../service-error";
import type { Store } from "../store/client";
import { createCommands, insertOutput } from "../store/commands";
import { createLogger } from "../logger";
import { createTestStore } from "../../test-support/test-store";
import { LiveFleet } from "./live-fleet";
import { openOutputFile } from "./command-output-file";

const log = createLogger("error");
const COMMAND_ID = "0b7f5f9e-3c1a-4d52-9a0e-2f6f1f0c9a11";

describe("openOutputFile", () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    const fleet = new LiveFleet(store, log);
    await fleet.start();
    await fleet.register(testRegistration("web-1"));
    await fleet.hostsStored();
    await fleet.stop();
    await createCommands(store, [{ id: COMMAND_ID, hostName: "web-1", type: "switch", requestedBy: "admin" }]);
  });
  afterEach(() => store.$disconnect());

  it("streams every stored line, over more than one page, in a file named after the host, the type and the time", async () => {
    const lines = Array.from({ length: 12_345 }, (_, i) => ({ seq: i + 1, stream: "stdout" as const, line: `line ${i + 1}` }));
    for (let from = 0; from < lines.length; from += 500) await insertOutput(store, COMMAND_ID, lines.slice(from, from + 500));

    const file = await openOutputFile(store, COMMAND_ID, log);

    expect(file.filename).toMatch(/^web-1-switch-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z\.log$/);
    expect(await new Response(file.body).text()).toBe(lines.map((l) => l.line).join("\n") + "\n");
  });

  it("gives an empty file for a command without output, and refuses an unknown command", async () => {
    expect(await new Response((await openOutputFile(store, COMMAND_ID, log)).body).text()).toBe("");
    const refusal = await openOutputFile(store, "5c0ffee0-0000-4000-8000-000000000000", log).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceError);
    expect(refusal).toMatchObject({ kind: "not-found", message: "no such command" });
  });
});
