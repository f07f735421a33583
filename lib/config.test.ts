import { describe, expect, it } from "vitest";
import { parseConfig } from "./config";

const HASH = "$2b$12$" + "a".repeat(53);
const SECRET = "s".repeat(64);
const TOKEN = "t".repeat(32);
const valid = { NIXFLEET_PASSWORD_HASH: HASH, NIXFLEET_SESSION_SECRET: SECRET, NIXFLEET_AGENT_TOKEN: TOKEN };

function errorsOf(env: Record<string, string>) {
  const result = parseConfig(env, "/srv");
  return result.ok ? [] : result.errors;
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const result = parseConfig(valid, "/srv");
    expect(result).toMatchObject({
      ok: true,
      config: {
        port: 8000,
        dataDir: "/srv/data",
        databaseUrl: "file:/srv/data/nixfleet.db",
        logLevel: "info",
        sessionSecrets: [SECRET],
        agentToken: TOKEN,
        totpSecret: null,
        versionUrl: null,
      },
    });
  });

  it("reads every variable of the README", () => {
    const result = parseConfig(
      {
        ...valid,
        PORT: "9000",
        NIXFLEET_DATA_DIR: "/var/lib/nixfleet",
        NIXFLEET_LOG_LEVEL: "DEBUG",
        NIXFLEET_TOTP_SECRET: "jbsw y3dp ehpk 3pxp",
        NIXFLEET_VERSION_URL: "https://example.github.io/nixcfg/version.json",
        NIXFLEET_METRICS: "on",
        NIXFLEET_NOTIFY_COALESCE_SECONDS: "30",
        NIXFLEET_OUTPUT_LIMIT_MIB: "16",
      },
      "/srv",
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        port: 9000,
        databaseUrl: "file:/var/lib/nixfleet/nixfleet.db",
        logLevel: "debug",
        totpSecret: "JBSWY3DPEHPK3PXP",
        versionUrl: "https://example.github.io/nixcfg/version.json",
        metricsEnabled: true,
        notifyCoalesceSeconds: 30,
        outputLimitChars: 16 * 1024 * 1024,
      },
    });
    expect(parseConfig(valid, "/srv")).toMatchObject({ ok: true, config: { outputLimitChars: 64 * 1024 * 1024 } });
  });

  it("reads the GitOps policy from the environment: unset (the settings panel decides), off, or a saved rollout; names what is wrong in it", () => {
    const config = (text: string) => parseConfig({ ...valid, NIXFLEET_GITOPS_ROLLOUT: text }, "/srv");
    expect(parseConfig(valid, "/srv")).toMatchObject({ ok: true, config: { gitopsEnv: { kind: "unset" } } });
    expect(config("off")).toMatchObject({ ok: true, config: { gitopsEnv: { kind: "off" } } });
    expect(config('{"scope":{"kind":"tag","tag":"web"},"plan":{"soakSeconds":60}}')).toMatchObject({
      ok: true,
      config: { gitopsEnv: { kind: "on", scope: { kind: "tag", tag: "web" }, plan: { soakSeconds: 60, action: "pull-switch" } } },
    });
    expect(errorsOf({ ...valid, NIXFLEET_GITOPS_ROLLOUT: "{nope" })).toEqual([expect.stringMatching(/^NIXFLEET_GITOPS_ROLLOUT must be JSON/)]);
    expect(errorsOf({ ...valid, NIXFLEET_GITOPS_ROLLOUT: '{"scope":{"kind":"moon"}}' })).toEqual([expect.stringMatching(/^NIXFLEET_GITOPS_ROLLOUT: scope/)]);
    expect(errorsOf({ ...valid, NIXFLEET_GITOPS_ROLLOUT: '{"scope":{"kind":"hosts","hosts":["a"]}}' })).toEqual([
      expect.stringMatching(/^NIXFLEET_GITOPS_ROLLOUT: scope: a tag or the whole fleet/),
    ]);
  });

  it("accepts $2a$, $2b$ and $2y$ hashes", () => {
    for (const prefix of ["$2a$", "$2b$", "$2y$"]) {
      expect(errorsOf({ ...valid, NIXFLEET_PASSWORD_HASH: prefix + HASH.slice(4) })).toEqual([]);
    }
  });

  it("splits several session secrets on commas, first one first", () => {
    const result = parseConfig({ ...valid, NIXFLEET_SESSION_SECRET: `${SECRET}, ${"o".repeat(40)}` }, "/srv");
    expect(result.ok && result.config.sessionSecrets).toEqual([SECRET, "o".repeat(40)]);
  });

  it("names every missing required variable, one line each", () => {
    const errors = errorsOf({});
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/^NIXFLEET_PASSWORD_HASH is required/);
    expect(errors[1]).toMatch(/^NIXFLEET_SESSION_SECRET is required/);
    expect(errors[2]).toMatch(/^NIXFLEET_AGENT_TOKEN is required/);
  });

  it.each([
    [{ NIXFLEET_PASSWORD_HASH: "nonsense" }, /NIXFLEET_PASSWORD_HASH is not a bcrypt hash/],
    [{ NIXFLEET_SESSION_SECRET: "short" }, /NIXFLEET_SESSION_SECRET: every comma-separated secret/],
    [{ NIXFLEET_AGENT_TOKEN: "short" }, /NIXFLEET_AGENT_TOKEN must be at least/],
    [{ PORT: "80a" }, /PORT must be a port number/],
    [{ PORT: "70000" }, /PORT must be a port number/],
    [{ NIXFLEET_LOG_LEVEL: "loud" }, /NIXFLEET_LOG_LEVEL must be one of debug, info, warn, error/],
    [{ NIXFLEET_TOTP_SECRET: "not base32!" }, /NIXFLEET_TOTP_SECRET must be a base32 secret/],
    [{ NIXFLEET_VERSION_URL: "ftp://x/version.json" }, /NIXFLEET_VERSION_URL must be an http/],
    [{ DATABASE_URL: "mysql://db" }, /DATABASE_URL must start with postgresql/],
    [{ NIXFLEET_LOCK_GREEN_DAYS: "-1" }, /NIXFLEET_LOCK_GREEN_DAYS must be a whole number of days from 0 to 3650/],
    [{ NIXFLEET_LOCK_GREEN_DAYS: "40" }, /NIXFLEET_LOCK_YELLOW_DAYS must not be smaller than NIXFLEET_LOCK_GREEN_DAYS/],
    [{ NIXFLEET_COMMAND_LOST_AFTER_SECONDS: "0" }, /NIXFLEET_COMMAND_LOST_AFTER_SECONDS must be a whole number of seconds/],
    [{ NIXFLEET_OUTPUT_LIMIT_MIB: "2048" }, /NIXFLEET_OUTPUT_LIMIT_MIB must be a whole number of MiB from 1 to 1024/],
    [{ NIXFLEET_TRUSTED_PROXIES: "10.0.0.1, proxy.local" }, /NIXFLEET_TRUSTED_PROXIES must list IP addresses/],
  ])("refuses a malformed value %o", (override, message) => {
    const errors = errorsOf({ ...valid, ...override });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it("keeps /metrics off unless NIXFLEET_METRICS turns it on, and refuses other words", () => {
    const metricsOf = (value?: string) => {
      const result = parseConfig(value === undefined ? valid : { ...valid, NIXFLEET_METRICS: value }, "/srv");
      return result.ok ? result.config.metricsEnabled : result.errors;
    };
    expect([metricsOf(), metricsOf("0"), metricsOf("off")]).toEqual([false, false, false]);
    expect([metricsOf("1"), metricsOf("on"), metricsOf("TRUE")]).toEqual([true, true, true]);
    expect(metricsOf("yes please")).toEqual([`NIXFLEET_METRICS must be on or off (got "yes please")`]);
  });

  it("needs no shared token when it is turned off", () => {
    const result = parseConfig({ ...valid, NIXFLEET_AGENT_TOKEN: "", NIXFLEET_SHARED_TOKEN: "off" }, "/srv");
    expect(result.ok && result.config.agentToken).toBeNull();
    expect(parseConfig({ ...valid, NIXFLEET_SHARED_TOKEN: "OFF" }, "/srv")).toMatchObject({ ok: true, config: { agentToken: null } });
    expect(errorsOf({ ...valid, NIXFLEET_SHARED_TOKEN: "maybe" })).toEqual(['NIXFLEET_SHARED_TOKEN must be on or off (got "maybe")']);
  });

  it("uses first-run secrets only for what the environment leaves unset", () => {
    const fallback = { passwordHash: HASH, sessionSecret: "f".repeat(64), agentToken: "g".repeat(64) };
    const result = parseConfig({ NIXFLEET_AGENT_TOKEN: TOKEN }, "/srv", fallback);
    expect(result.ok && result.config.agentToken).toBe(TOKEN);
    expect(result.ok && result.config.sessionSecrets).toEqual(["f".repeat(64)]);
  });
});
