import type { OAuthConfig } from "next-auth/providers/oauth";
import type { OidcConfig } from "../oidc-config";
import type { Role } from "../protocol/roles";
import { SSO_PROVIDER_ID, SSO_USER_PREFIX } from "../protocol/users";
import { roleFromClaims } from "./oidc-roles";

/** A user of the OpenID Provider as the dashboard names them: "sso:" keeps them apart from local users. */
export function ssoUserName(claims: Record<string, unknown>): string {
  const name = [claims.preferred_username, claims.email, claims.sub].find((claim): claim is string => typeof claim === "string" && claim !== "");
  return `${SSO_USER_PREFIX}${name ?? "unknown"}`;
}

/** What the SSO profile hands the sign-in callbacks: the role is null for a user who gets no access. */
export interface SsoUser {
  id: string;
  name: string;
  role: Role | null;
}

/**
 * The OpenID Connect provider: discovery from the issuer, the authorization-code flow with PKCE and
 * state, the ID token checked by next-auth (openid-client), and the role taken from its groups claim.
 */
export function ssoProvider(config: OidcConfig): OAuthConfig<Record<string, unknown>> {
  return {
    id: SSO_PROVIDER_ID,
    name: "Single sign-on",
    type: "oauth",
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scopes } },
    idToken: true,
    checks: ["pkce", "state"],
    profile(claims): SsoUser {
      const name = ssoUserName(claims);
      return { id: name, name, role: roleFromClaims(claims, config.roles) };
    },
  };
}
