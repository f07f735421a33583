import { describe, expect, it } from "vitest";
import { parseGroupRoles, roleFromClaims, type OidcRoleMapping } from "./oidc-roles";

const mapping = (defaultRole: OidcRoleMapping["defaultRole"]): OidcRoleMapping => ({
  claim: "groups",
  groups: new Map([
    ["fleet-admins", "admin"],
    ["fleet-ops", "operator"],
    ["everyone", "viewer"],
  ]),
  defaultRole,
});

describe("OpenID Connect groups to roles", () => {
  it("reads group=role pairs and says what is wrong with a bad one", () => {
    expect(parseGroupRoles(" fleet-ops=operator, /fleet/admins=admin ,")).toEqual({
      ok: true,
      groups: new Map([["fleet-ops", "operator"], ["/fleet/admins", "admin"]]),
    });
  });

  it("refuses a pair without a known role", () => {
    expect(parseGroupRoles("fleet-ops=owner")).toEqual({ ok: false, error: '"fleet-ops=owner" is not group=role with a role of viewer, operator, admin' });
    expect(parseGroupRoles("=admin")).toMatchObject({ ok: false });
    expect(parseGroupRoles("fleet-ops")).toMatchObject({ ok: false });
  });

  it("gives the highest role of the user's groups", () => {
    expect(roleFromClaims({ groups: ["everyone", "fleet-ops"] }, mapping(null))).toBe("operator");
    expect(roleFromClaims({ groups: ["fleet-admins", "fleet-ops"] }, mapping(null))).toBe("admin");
    expect(roleFromClaims({ groups: "everyone fleet-ops" }, mapping(null))).toBe("operator");
  });

  it("gives the unmapped the default role, or no access", () => {
    expect(roleFromClaims({ groups: ["strangers"] }, mapping("viewer"))).toBe("viewer");
    expect(roleFromClaims({ groups: ["strangers"] }, mapping(null))).toBeNull();
    expect(roleFromClaims({}, mapping(null))).toBeNull();
    expect(roleFromClaims({ groups: [42, null] }, mapping(null))).toBeNull();
  });
});
