import { describe, expect, it } from "vitest";
import { handleHostTokenStored } from "./host-token-stored";

const session = (tokenId: string | null) => ({ hostname: "web-1", sourceIp: "192.0.2.1", registered: true, tokenId, closed: false });

describe("handleHostTokenStored", () => {
  it("confirms the token the connection was issued (issue 12, hole 3)", async () => {
    const confirmed: string[] = [];
    const tokens = { confirm: async (id: string) => void confirmed.push(id) };
    expect(await handleHostTokenStored({ session: session("tok-1"), tokens }, {})).toEqual({ ok: true });
    expect(confirmed).toEqual(["tok-1"]);
  });

  it("refuses a connection that was issued no token", async () => {
    const tokens = { confirm: async () => undefined };
    expect(await handleHostTokenStored({ session: session(null), tokens }, {})).toMatchObject({ ok: false });
  });
});
