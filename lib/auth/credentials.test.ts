import bcrypt from "bcryptjs";
import speakeasy from "speakeasy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { STORE_PROVIDERS, useTestStores } from "../../test-support/store-providers";
import type { Store } from "../store/client";
import { claimTotpStep } from "../store/login-state";
import { createLoginVerifier, verifyPassword } from "./credentials";

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
  let claim: (step: number) => Promise<boolean>;
  beforeEach(async () => {
    store = await openTestStore(provider);
    claim = (step) => claimTotpStep(store, step);
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
});
