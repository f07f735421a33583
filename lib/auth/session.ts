import { decode, encode, type JWT, type JWTDecodeParams, type JWTEncodeParams } from "next-auth/jwt";
import { BUILT_IN_ADMIN } from "../protocol/users";
import { ROLES, type Role } from "./roles";

export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/** The built-in administrator (NIXFLEET_PASSWORD_HASH): no user of the users page can take its name. */
export const ADMIN_USER = BUILT_IN_ADMIN;

/** Whether a user's session that started at `startedAt` (epoch ms) still counts on the server. */
export interface SessionCheck {
  isCurrent(user: string, startedAt: number): Promise<boolean>;
}

/** When the session a token belongs to began: the sign-in (our own claim), else the token's issue time. */
export function sessionStartOf(token: JWT): number {
  if (typeof token.sessionStart === "number") return token.sessionStart;
  return typeof token.iat === "number" ? token.iat * 1000 : 0;
}

/**
 * Signs with the first secret and accepts any of them, so secrets can be rotated without logging
 * everyone out; a token whose session the server no longer counts (logged out) decodes to nothing,
 * for our guard and for next-auth's own routes alike (so it cannot even be refreshed).
 */
export function rotatingJwt(secrets: readonly string[], check: SessionCheck) {
  const [signing] = secrets;
  if (!signing) throw new Error("at least one session secret is required");
  return {
    encode: (params: JWTEncodeParams) => encode({ ...params, secret: signing }),
    decode: async (params: JWTDecodeParams): Promise<JWT | null> => {
      for (const secret of secrets) {
        try {
          const token = await decode({ ...params, secret });
          if (token) return typeof token.sub === "string" && (await check.isCurrent(token.sub, sessionStartOf(token))) ? token : null;
        } catch {
          // A token made with another secret fails to decrypt: try the next one.
        }
      }
      return null;
    },
  };
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(raw));
    } catch {
      cookies.set(name, raw);
    }
  }
  return cookies;
}

export interface Session {
  user: string;
  /** The role the user had when the session began: a new role ends the user's sessions (SessionValidity). */
  role: Role;
  expiresAt: number;
  /** When it began (epoch ms): a logout of its user after that ends it. */
  startedAt: number;
}

/** The session a request's cookies carry, or null when there is none, it does not verify, or it was ended. */
export async function readSession(cookieHeader: string | undefined, secrets: readonly string[], check: SessionCheck): Promise<Session | null> {
  const cookies = parseCookies(cookieHeader);
  const { decode: decodeToken } = rotatingJwt(secrets, check);
  for (const name of SESSION_COOKIE_NAMES) {
    const token = cookies.get(name);
    if (!token) continue;
    const payload = await decodeToken({ token, secret: "" });
    const expiresAt = typeof payload?.exp === "number" ? payload.exp * 1000 : 0;
    if (typeof payload?.sub === "string" && payload.sub !== "" && expiresAt > Date.now()) {
      return { user: payload.sub, role: roleOf(payload.sub, payload.role), expiresAt, startedAt: sessionStartOf(payload) };
    }
  }
  return null;
}

/** No claim: a session made before there were users (only the built-in admin). A claim this version does not know gets the least role. */
function roleOf(user: string, claim: unknown): Role {
  if (claim === undefined) return user === ADMIN_USER ? "admin" : "viewer";
  return ROLES.find((role) => role === claim) ?? "viewer";
}
