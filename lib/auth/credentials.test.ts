import bcrypt from "bcryptjs";
import speakeasy from "speakeasy";
import { describe, expect, it } from "vitest";
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

describe("createLoginVerifier", () => {
  const now = 1_800_000_000_000;

  it("needs only the password when no TOTP secret is set", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: null });
    expect(await verify({ password: "correct horse" })).toBe("ok");
    expect(await verify({ password: "nope" })).toBe("wrong-password");
  });

  it("needs a current code when a TOTP secret is set", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret });
    expect(await verify({ password: "correct horse" }, now)).toBe("code-required");
    expect(await verify({ password: "correct horse", code: "12345" }, now)).toBe("wrong-code");
    expect(await verify({ password: "correct horse", code: codeAt(now - 5 * 60_000) }, now)).toBe("wrong-code");
    expect(await verify({ password: "correct horse", code: codeAt(now - 30_000) }, now)).toBe("ok");
  });

  it("accepts a code once", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret });
    const code = codeAt(now);
    expect(await verify({ password: "correct horse", code }, now)).toBe("ok");
    expect(await verify({ password: "correct horse", code }, now + 1_000)).toBe("code-reused");
    expect(await verify({ password: "correct horse", code: codeAt(now - 30_000) }, now)).toBe("code-reused");
    expect(await verify({ password: "correct horse", code: codeAt(now + 30_000) }, now + 30_000)).toBe("ok");
  });

  it("checks the password before the code", async () => {
    const verify = createLoginVerifier({ passwordHash: hash, totpSecret: secret });
    expect(await verify({ password: "nope", code: codeAt(now) }, now)).toBe("wrong-password");
  });
});
