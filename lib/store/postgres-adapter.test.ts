import { describe, expect, it } from "vitest";
import { describeTarget, isPostgresUrl, parsePostgresUrl, poolConfig } from "./postgres-adapter";

describe("parsePostgresUrl", () => {
  it("reads the URL into the fields the pg driver is given", () => {
    expect(parsePostgresUrl("postgresql://fleet:s3cret@db.example.com:6432/nixfleet")).toEqual({
      host: "db.example.com", port: 6432, user: "fleet", password: "s3cret", database: "nixfleet", schema: undefined, ssl: false,
    });
  });

  it("defaults the port, accepts postgres:// and decodes %-escapes in the user, password and database", () => {
    expect(parsePostgresUrl("postgres://fl%40eet:p%2Fss%3Aw%40rd@[::1]/my%20db")).toMatchObject({
      host: "::1", port: 5432, user: "fl@eet", password: "p/ss:w@rd", database: "my db",
    });
    expect(parsePostgresUrl("postgresql://fleet@localhost/nixfleet").password).toBeUndefined();
  });

  it("honours ?schema= (search path and Prisma's schema), ?sslmode= and a socket directory as ?host=", () => {
    const target = parsePostgresUrl("postgresql://fleet@localhost/nixfleet?schema=tenant_a&sslmode=require");
    expect(target).toMatchObject({ schema: "tenant_a", ssl: { rejectUnauthorized: false } });
    expect(poolConfig(target, 10)).toMatchObject({ options: '-c search_path="tenant_a"', max: 10 });
    expect(parsePostgresUrl("postgresql://fleet@localhost/nixfleet?sslmode=verify-full").ssl).toBe(true);
    const socket = parsePostgresUrl("postgresql://fleet@localhost/nixfleet?host=/run/postgresql");
    expect(socket.host).toBe("/run/postgresql");
    expect(describeTarget(socket)).toBe("/run/postgresql (port 5432)");
  });

  it.each([
    ["postgresql://localhost/nixfleet", /names no user/],
    ["postgresql://fleet@localhost", /names no database/],
    ["postgresql://fleet@localhost/", /names no database/],
    ["postgresql://fleet@localhost/nixfleet?schema=a;drop", /schema "a;drop" is not a plain identifier/],
    ["postgresql://fleet@localhost/nixfleet?sslmode=maybe", /sslmode must be one of disable, require/],
    ["postgresql://fleet@localhost/nixfleet?connection_limit=5", /unsupported parameter "connection_limit"/],
    ["postgresql://fleet:%zz@localhost/nixfleet", /password has an invalid %-escape/],
    ["mysql://fleet@localhost/nixfleet", /expected postgresql:\/\//],
  ])("rejects %s with a clear error", (url, message) => {
    expect(() => parsePostgresUrl(url)).toThrow(message);
  });

  it("never repeats the password in an error", () => {
    expect(() => parsePostgresUrl("postgresql://fleet:hunter2@localhost/nixfleet?bogus=1")).toThrow(/^(?!.*hunter2)/);
  });
});

describe("isPostgresUrl", () => {
  it("recognises postgresql:// and postgres:// only", () => {
    expect(["postgresql://a@b/c", "postgres://a@b/c", "file:./x.db", "postgresq://a@b/c"].map(isPostgresUrl)).toEqual([true, true, false, false]);
  });
});
