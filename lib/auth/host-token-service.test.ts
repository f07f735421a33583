import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../store/client";
import { createTestStore, storeAudit } from "../../test-support/test-store";
import { AgentAuthenticator } from "./agent-auth";
import type { AgentDirectory } from "../fleet/agent-directory";
import { HostTokenService } from "./host-token-service";
import { ServiceError } from "../service-error";

/** Records what the service asked of the agent connections. */
class RecordedDisconnects implements AgentDirectory {
  calls: [string, string | null][] = [];
  disconnectUnlessToken(host: string, keepTokenId: string | null): void {
    this.calls.push([host, keepTokenId]);
  }
}

describe("HostTokenService", () => {
  let store: Store;
  let authenticator: AgentAuthenticator;
  let agents: RecordedDisconnects;
  let tokens: HostTokenService;

  beforeEach(async () => {
    store = await createTestStore();
    authenticator = new AgentAuthenticator(store, { sharedToken: null });
    agents = new RecordedDisconnects();
    tokens = new HostTokenService(authenticator, agents, storeAudit(store));
  });
  afterEach(() => store.$disconnect());

  const auditRows = () => store.auditEvent.findMany({ orderBy: { id: "asc" }, select: { actor: true, action: true, target: true, sourceIp: true } });

  it("issues a token that lets the host in, disconnects the agent unless it holds it, and audits the issue", async () => {
    const { token } = await tokens.issue("web-1", "admin", "192.0.2.7");

    const auth = await authenticator.authenticate("web-1", token, false);
    expect(auth).toMatchObject({ ok: true, via: "host" });
    expect(agents.calls).toEqual([["web-1", auth.ok && auth.via === "host" ? auth.tokenId : "?"]]);
    expect(await auditRows()).toEqual([{ actor: "admin", action: "token.issue", target: "web-1", sourceIp: "192.0.2.7" }]);
  });

  it("rotates: the old token stops working at once", async () => {
    const first = await tokens.issue("web-1", "admin", "");
    const second = await tokens.issue("web-1", "admin", "");

    expect(await authenticator.authenticate("web-1", first.token, false)).toEqual({ ok: false, reason: "wrong token" });
    expect(await authenticator.authenticate("web-1", second.token, false)).toMatchObject({ ok: true });
    expect((await auditRows()).map((row) => row.action)).toEqual(["token.issue", "token.issue"]);
  });

  it("revokes: the token is refused, the agent is disconnected whatever it holds, and the revoke is audited", async () => {
    const { token } = await tokens.issue("web-1", "admin", "");
    agents.calls = [];

    await tokens.revoke("web-1", "admin", "192.0.2.7");

    expect(await authenticator.authenticate("web-1", token, false)).toEqual({ ok: false, reason: "wrong token" });
    expect(agents.calls).toEqual([["web-1", null]]);
    expect((await auditRows()).at(-1)).toEqual({ actor: "admin", action: "token.revoke", target: "web-1", sourceIp: "192.0.2.7" });
  });

  it("refuses to revoke a host without an active token, and then neither disconnects nor audits", async () => {
    const refusal = await tokens.revoke("web-9", "admin", "").catch((error: unknown) => error);

    expect(refusal).toBeInstanceOf(ServiceError);
    expect(refusal).toMatchObject({ kind: "not-found", message: "web-9 has no active token" });
    expect(agents.calls).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });
});
