import { describe, expect, it } from "vitest";
import { parseOidcConfig } from "./oidc-config";

const base = {
  NIXFLEET_OIDC_ISSUER: "https://id.example.com/realms/fleet/",
  NIXFLEET_OIDC_CLIENT_ID: "nixfleet",
  NIXFLEET_OIDC_CLIENT_SECRET: "s3cret",
};

describe("single sign-on configuration", () => {
  it("is off without an issuer", () => {
    const errors: string[] = [];
    expect(parseOidcConfig({}, errors)).toBeNull();
    expect(errors).toEqual([]);
  });

  it("reads issuer, client, scopes and the group mapping; unmapped users get no access unless a default role is set", () => {
    const errors: string[] = [];
    const config = parseOidcConfig({ ...base, NIXFLEET_OIDC_GROUP_ROLES: "fleet-ops=operator" }, errors);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ issuer: "https://id.example.com/realms/fleet", clientId: "nixfleet", scopes: "openid profile email groups" });
    expect(config?.roles).toEqual({ claim: "groups", groups: new Map([["fleet-ops", "operator"]]), defaultRole: null });
    expect(parseOidcConfig({ ...base, NIXFLEET_OIDC_DEFAULT_ROLE: "viewer" }, [])?.roles.defaultRole).toBe("viewer");
  });

  it("names each variable that is missing or wrong", () => {
    const errors: string[] = [];
    parseOidcConfig({ NIXFLEET_OIDC_ISSUER: "id.example.com", NIXFLEET_OIDC_GROUP_ROLES: "ops=root", NIXFLEET_OIDC_DEFAULT_ROLE: "guest" }, errors);
    expect(errors).toEqual([
      'NIXFLEET_OIDC_ISSUER must be the provider\'s https:// issuer URL (got "id.example.com")',
      "NIXFLEET_OIDC_CLIENT_ID is required with NIXFLEET_OIDC_ISSUER",
      "NIXFLEET_OIDC_CLIENT_SECRET is required with NIXFLEET_OIDC_ISSUER",
      'NIXFLEET_OIDC_GROUP_ROLES: "ops=root" is not group=role with a role of viewer, operator, admin',
      'NIXFLEET_OIDC_DEFAULT_ROLE must be none, viewer, operator, admin (got "guest")',
    ]);
  });
});
