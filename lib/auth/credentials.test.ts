import bcrypt from "bcryptjs";
import speakeasy from "speakeasy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import type { Store } from "../store/client";
import { createLoginVerifier, TOTP_LOCK_MS, verifyPassword, type TotpLedger } from "./credentials";
import { storeTotpLedger } from "./totp-ledger";

const hash = bcrypt.hashSync("correct horse", 4);
const secret = speakeasy.generateSecret({ length: 20 }).base32;
const codeAt = (ms: number) => speakeasy.totp({ secret, encoding: "base32", time: Math.floor(ms / 1000) });

describe("verifyPassword", () => {
  it("accepts the password and refuses others", async () => {
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("wrong", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("accepts $2y$ hashes", async () => {
    expect(await verifyPassword("correct horse", "$2y$" + hash.slice(4))).toBe(true);
  });
});

const openTestStore = useTestStores();

describe.each(STORE_PROVIDERS)("createLoginVerifier over a %s store", (provider) => {
  const now = 1_800_000_000_000;
  let store: Store;
  let claim: TotpLedger;
  beforeEach(async () => {
    store = await openTestStore(provider);
    claim = storeTotpLedger(store);
  });
  afterEach(() => store.$disconnect());

  it("needs only the password when no TOTP secret is set", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: null }, claim);
    expect(await verify({ password: "correct horse" })).toBe("ok");
    expect(await verify({ password: "nope" })).toBe("wrong-password");
  });

  it("needs a current code when a TOTP secret is set", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    expect(await verify({ password: "correct horse" }, now)).toBe("code-required");
    expect(await verify({ password: "correct horse", code: "12345" }, now)).toBe("wrong-code");
    expect(await verify({ password: "correct horse", code: codeAt(now - 5 * 60_000) }, now)).toBe("wrong-code");
    expect(await verify({ password: "correct horse", code: codeAt(now - 30_000) }, now)).toBe("ok");
  });

  it("accepts a code once, also after a restart and on another replica", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    const code = codeAt(now);
    expect(await verify({ password: "correct horse", code }, now)).toBe("ok");
    expect(await verify({ password: "correct horse", code }, now + 1_000)).toBe("code-reused");
    expect(await verify({ password: "correct horse", code: codeAt(now - 30_000) }, now)).toBe("code-reused");
    // A second verifier over the same store: another replica, or this one restarted.
    const other = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    expect(await other({ password: "correct horse", code }, now + 2_000)).toBe("code-reused");
    expect(await other({ password: "correct horse", code: codeAt(now + 30_000) }, now + 30_000)).toBe("ok");
  });

  it("lets only one of two simultaneous logins with the same code in", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    const code = codeAt(now);
    const outcomes = await Promise.all([1, 2, 3].map(() => verify({ password: "correct horse", code }, now)));
    expect(outcomes.sort()).toEqual(["code-reused", "code-reused", "ok"]);
  });

  it("checks the password before the code", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    expect(await verify({ password: "nope", code: codeAt(now) }, now)).toBe("wrong-password");
  });

  it("locks codes after 5 wrong ones, even the right one, across restarts (issue 12, weak spot 3)", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    const wrong = codeAt(now) === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) expect(await verify({ password: "correct horse", code: wrong }, now)).toBe("wrong-code");
    expect(await verify({ password: "correct horse", code: codeAt(now) }, now)).toBe("code-locked");
    const restarted = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, storeTotpLedger(store));
    expect(await restarted({ password: "correct horse", code: codeAt(now + 60_000) }, now + 60_000)).toBe("code-locked");
    const later = now + TOTP_LOCK_MS + 30_000;
    expect(await restarted({ password: "correct horse", code: codeAt(later) }, later)).toBe("ok");
  });

  it("does not let a wrong password count towards the lock", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    for (let i = 0; i < 6; i++) expect(await verify({ password: "nope", code: "000000" }, now)).toBe("wrong-password");
    expect(await verify({ password: "correct horse", code: codeAt(now) }, now)).toBe("ok");
  });

  it("forgets wrong codes once a code is accepted", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret }, claim);
    const wrong = (at: number) => (codeAt(at) === "000000" ? "111111" : "000000");
    for (let i = 0; i < 4; i++) await verify({ password: "correct horse", code: wrong(now) }, now);
    expect(await verify({ password: "correct horse", code: codeAt(now) }, now)).toBe("ok");
    const next = now + 30_000;
    for (let i = 0; i < 4; i++) await verify({ password: "correct horse", code: wrong(next) }, next);
    expect(await verify({ password: "correct horse", code: codeAt(next + 30_000) }, next + 30_000)).toBe("ok");
  });
});
