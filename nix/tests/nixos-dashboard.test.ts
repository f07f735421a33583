import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { evalCase, evalError, makeStubRoot, unitValue, unitValues, verifySystemdUnit } from "./tools";

const stubRoot = makeStubRoot(["nixfleet-dashboard"]);
afterAll(() => rmSync(stubRoot, { recursive: true, force: true }));

const resultSchema = z.object({
  options: z.record(z.string(), z.object({ type: z.string(), hasDefault: z.boolean(), default: z.unknown(), description: z.string() })),
  service: z
    .object({
      wantedBy: z.array(z.string()),
      environment: z.record(z.string(), z.string()),
      serviceConfig: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  unit: z.string().nullable(),
  firewall: z.array(z.number()),
});
type Result = z.infer<typeof resultSchema>;

function evaluate(settings: Record<string, unknown>): Result {
  return evalCase(resultSchema, { kind: "nixos-dashboard", stubRoot, settings });
}

const minimal = { enable: true, environmentFile: "/run/agenix/nixfleet-dashboard.env" };

describe("the NixOS dashboard module (services.nixfleet-dashboard)", () => {
  it("runs the dashboard's package in production mode with its secrets from the environment file", () => {
    const result = evaluate(minimal);
    const unit = result.unit ?? "";
    expect(unitValue(unit, "Service", "ExecStart")).toBe(`${stubRoot}/nixfleet-dashboard/bin/nixfleet-dashboard`);
    expect(unitValue(unit, "Service", "EnvironmentFile")).toBe("/run/agenix/nixfleet-dashboard.env");
    expect(result.service?.environment).toMatchObject({
      NODE_ENV: "production",
      NIXFLEET_DATA_DIR: "/var/lib/nixfleet-dashboard",
      PORT: "8000",
      NIXFLEET_BIND_ADDRESS: "127.0.0.1",
      NIXFLEET_LOG_LEVEL: "info",
    });
    expect(unit).not.toMatch(/NIXFLEET_(PASSWORD_HASH|SESSION_SECRET|AGENT_TOKEN)/);
    expect(result.service?.wantedBy).toEqual(["multi-user.target"]);
    expect(unitValue(unit, "Service", "Restart")).toBe("on-failure");
  });

  it("keeps the database in a private state directory of a dynamic user", () => {
    const unit = evaluate(minimal).unit ?? "";
    expect(unitValue(unit, "Service", "DynamicUser")).toBe("true");
    expect(unitValue(unit, "Service", "StateDirectory")).toBe("nixfleet-dashboard");
    expect(unitValue(unit, "Service", "StateDirectoryMode")).toBe("0700");
    expect(unitValue(unit, "Service", "WorkingDirectory")).toBe("/var/lib/nixfleet-dashboard");
  });

  it("is hardened: no capabilities, read-only system, no home, private /tmp and devices, filtered system calls", () => {
    const unit = evaluate(minimal).unit ?? "";
    const expected: Record<string, string> = {
      CapabilityBoundingSet: "",
      NoNewPrivileges: "true",
      ProtectSystem: "strict",
      ProtectHome: "true",
      PrivateTmp: "true",
      PrivateDevices: "true",
      PrivateUsers: "true",
      ProtectKernelTunables: "true",
      ProtectKernelModules: "true",
      ProtectControlGroups: "true",
      RestrictNamespaces: "true",
      RestrictSUIDSGID: "true",
      LockPersonality: "true",
      SystemCallArchitectures: "native",
      UMask: "0077",
    };
    for (const [key, value] of Object.entries(expected)) expect(unitValue(unit, "Service", key), key).toBe(value);
    expect(unitValues(unit, "Service", "SystemCallFilter")).toEqual(["@system-service", "~@privileged"]);
    expect(unitValues(unit, "Service", "RestrictAddressFamilies")).toEqual(["AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK"]);
    // Node's JIT needs writable executable memory.
    expect(unitValue(unit, "Service", "MemoryDenyWriteExecute")).toBeUndefined();
  });

  it("passes systemd-analyze verify without a single warning", () => {
    expect(verifySystemdUnit("nixfleet-dashboard.service", evaluate(minimal).unit ?? "", "system")).toEqual([]);
  });

  it("maps its options to the dashboard's environment and opens the firewall only when asked", () => {
    expect(evaluate(minimal).firewall).toEqual([]);
    const result = evaluate({
      ...minimal,
      port: 8443,
      bindAddress: "0.0.0.0",
      openFirewall: true,
      logLevel: "debug",
      versionUrl: "https://example.github.io/nixcfg/version.json",
      trustedProxies: ["127.0.0.1", "::1"],
      commandLostAfterSeconds: 600,
      outputLimitMiB: 16,
      enableMetrics: true,
      extraEnvironment: { NEXTAUTH_URL: "https://fleet.example.com" },
    });
    expect(result.firewall).toEqual([8443]);
    expect(result.service?.environment).toMatchObject({
      PORT: "8443",
      NIXFLEET_BIND_ADDRESS: "0.0.0.0",
      NIXFLEET_LOG_LEVEL: "debug",
      NIXFLEET_VERSION_URL: "https://example.github.io/nixcfg/version.json",
      NIXFLEET_TRUSTED_PROXIES: "127.0.0.1,::1",
      NIXFLEET_COMMAND_LOST_AFTER_SECONDS: "600",
      NIXFLEET_OUTPUT_LIMIT_MIB: "16",
      NIXFLEET_METRICS: "on",
      NEXTAUTH_URL: "https://fleet.example.com",
    });
    expect(verifySystemdUnit("nixfleet-dashboard.service", result.unit ?? "", "system")).toEqual([]);
  });

  it("turns single sign-on on with an issuer: client, scopes, groups claim and group roles in the environment, the secret not", () => {
    expect(evaluate(minimal).service?.environment).not.toHaveProperty("NIXFLEET_OIDC_ISSUER");
    const result = evaluate({
      ...minimal,
      oidcIssuer: "https://keycloak.example.com/realms/infra",
      oidcGroupRoles: { "fleet-admins": "admin", "fleet-ops": "operator" },
      oidcDefaultRole: "viewer",
    });
    expect(result.service?.environment).toMatchObject({
      NIXFLEET_OIDC_ISSUER: "https://keycloak.example.com/realms/infra",
      NIXFLEET_OIDC_CLIENT_ID: "nixfleet",
      NIXFLEET_OIDC_SCOPES: "openid profile email groups",
      NIXFLEET_OIDC_GROUPS_CLAIM: "groups",
      NIXFLEET_OIDC_GROUP_ROLES: "fleet-admins=admin,fleet-ops=operator",
      NIXFLEET_OIDC_DEFAULT_ROLE: "viewer",
    });
    expect(result.unit ?? "").not.toMatch(/NIXFLEET_OIDC_CLIENT_SECRET/);
    expect(verifySystemdUnit("nixfleet-dashboard.service", result.unit ?? "", "system")).toEqual([]);
  });

  it.each([
    ["oidcGroupRoles", { oidcIssuer: "https://id.example.com", oidcGroupRoles: { ops: "root" } }, /services\.nixfleet-dashboard\.oidcGroupRoles/],
    ["oidcDefaultRole", { oidcIssuer: "https://id.example.com", oidcDefaultRole: "guest" }, /services\.nixfleet-dashboard\.oidcDefaultRole'/],
    ["oidcIssuer", { oidcIssuer: "keycloak" }, /services\.nixfleet-dashboard\.oidcIssuer'/],
    ["environmentFile", { environmentFile: null }, /environmentFile must be set/],
    ["port", { port: 70000 }, /services\.nixfleet-dashboard\.port' is not of type `16 bit unsigned integer; between 0 and 65535 \(both inclusive\)'/],
    ["logLevel", { logLevel: "loud" }, /services\.nixfleet-dashboard\.logLevel'/],
    ["versionUrl", { versionUrl: "version.json" }, /services\.nixfleet-dashboard\.versionUrl'/],
    ["commandLostAfterSeconds", { commandLostAfterSeconds: 0 }, /services\.nixfleet-dashboard\.commandLostAfterSeconds'/],
    ["outputLimitMiB", { outputLimitMiB: 4096 }, /services\.nixfleet-dashboard\.outputLimitMiB'/],
  ])("refuses a bad %s: %j", (_name, bad, message) => {
    expect(evalError({ kind: "nixos-dashboard", stubRoot, settings: { ...minimal, ...bad } })).toMatch(message);
  });

  it("defines nothing when not enabled", () => {
    expect(evaluate({}).unit).toBeNull();
  });
});
