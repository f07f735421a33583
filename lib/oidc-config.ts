import { parseGroupRoles, type OidcRoleMapping } from "./auth/oidc-roles";
import { ROLES, type Role } from "./auth/roles";

/** Single sign-on through an OpenID Provider (NIXFLEET_OIDC_*); null when NIXFLEET_OIDC_ISSUER is unset. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Scopes asked for: "openid" and whatever makes the provider put the groups claim in the ID token. */
  scopes: string;
  roles: OidcRoleMapping;
}

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string) => env[name]?.trim() || undefined;

/** Reads the NIXFLEET_OIDC_* variables; every problem is pushed to `errors` with the variable's name. */
export function parseOidcConfig(env: Env, errors: string[]): OidcConfig | null {
  const issuer = value(env, "NIXFLEET_OIDC_ISSUER");
  if (!issuer) return null;
  try {
    const url = new URL(issuer);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("not http");
  } catch {
    errors.push(`NIXFLEET_OIDC_ISSUER must be the provider's https:// issuer URL (got "${issuer}")`);
  }
  const clientId = value(env, "NIXFLEET_OIDC_CLIENT_ID");
  const clientSecret = value(env, "NIXFLEET_OIDC_CLIENT_SECRET");
  if (!clientId) errors.push("NIXFLEET_OIDC_CLIENT_ID is required with NIXFLEET_OIDC_ISSUER");
  if (!clientSecret) errors.push("NIXFLEET_OIDC_CLIENT_SECRET is required with NIXFLEET_OIDC_ISSUER");
  const groups = parseGroupRoles(value(env, "NIXFLEET_OIDC_GROUP_ROLES") ?? "");
  if (!groups.ok) errors.push(`NIXFLEET_OIDC_GROUP_ROLES: ${groups.error}`);
  const defaultText = value(env, "NIXFLEET_OIDC_DEFAULT_ROLE") ?? "none";
  const defaultRole = ROLES.find((role) => role === defaultText) ?? null;
  if (defaultRole === null && defaultText !== "none") {
    errors.push(`NIXFLEET_OIDC_DEFAULT_ROLE must be none, ${ROLES.join(", ")} (got "${defaultText}")`);
  }
  return {
    issuer: issuer.replace(/\/+$/, ""),
    clientId: clientId ?? "",
    clientSecret: clientSecret ?? "",
    scopes: value(env, "NIXFLEET_OIDC_SCOPES") ?? "openid profile email groups",
    roles: {
      claim: value(env, "NIXFLEET_OIDC_GROUPS_CLAIM") ?? "groups",
      groups: groups.ok ? groups.groups : new Map<string, Role>(),
      defaultRole,
    },
  };
}
