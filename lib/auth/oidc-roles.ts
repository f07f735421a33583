import { ROLES, hasRole, type Role } from "./roles";

/** How an OpenID Provider's groups become roles; `defaultRole` null means "no access" for the unmapped. */
export interface OidcRoleMapping {
  /** The ID token / userinfo claim that lists the user's groups ("groups" for Keycloak, Authentik, Dex). */
  claim: string;
  groups: ReadonlyMap<string, Role>;
  defaultRole: Role | null;
}

/** `group=role` pairs separated by commas ("fleet-admins=admin,fleet-ops=operator"), or the problem with it. */
export function parseGroupRoles(text: string): { ok: true; groups: Map<string, Role> } | { ok: false; error: string } {
  const groups = new Map<string, Role>();
  for (const pair of text.split(",").map((part) => part.trim()).filter(Boolean)) {
    const eq = pair.lastIndexOf("=");
    const group = pair.slice(0, eq).trim();
    const role = ROLES.find((known) => known === pair.slice(eq + 1).trim());
    if (eq <= 0 || group === "" || !role) return { ok: false, error: `"${pair}" is not group=role with a role of ${ROLES.join(", ")}` };
    groups.set(group, role);
  }
  return { ok: true, groups };
}

/** The groups a claim lists: an array of strings, or one string of names separated by commas or spaces. */
function groupsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((group): group is string => typeof group === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The highest role any of the user's groups maps to, else the default; null: the user gets no access. */
export function roleFromClaims(claims: Record<string, unknown>, mapping: OidcRoleMapping): Role | null {
  let best: Role | null = null;
  for (const group of groupsOf(claims[mapping.claim])) {
    const role = mapping.groups.get(group);
    if (role && (best === null || !hasRole(best, role))) best = role;
  }
  return best ?? mapping.defaultRole;
}
