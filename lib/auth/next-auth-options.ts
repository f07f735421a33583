import type { AuthOptions } from "next-auth";
import credentialsModule from "next-auth/providers/credentials";
import type { Config } from "../config";
import type { Role } from "../protocol/roles";
import { sameOriginRedirect } from "../ui/callback-url";
import { CLIENT_IP_HEADER } from "./client-address";
import { createLoginVerifier, type LoginAttempt, type LoginOutcome, type TotpLedger } from "./credentials";
import { LoginThrottle } from "./login-throttle";
import type { SessionValidity } from "./session-validity";
import { ADMIN_USER, SESSION_MAX_AGE_SECONDS, rotatingJwt } from "./session";
import { SSO_PROVIDER_ID } from "../protocol/users";
import { ssoProvider } from "./sso-provider";
import type { UserLoginResult } from "./user-login";

// next-auth ships CommonJS: loaded by Node's ESM loader (server.ts) its default export arrives wrapped.
const CredentialsProvider =
  (credentialsModule as unknown as { default?: typeof credentialsModule }).default ?? credentialsModule;

/** next-auth's error code for a refused attempt: the login page and form say "too many attempts". */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

export interface LoginHooks {
  /** "no-role": a single sign-on whose groups map to no role (and there is no default role). */
  onLogin(user: string, outcome: LoginOutcome | "no-role", sourceIp: string): void;
  /** An attempt refused unchecked: its address used up its attempts. */
  onThrottled(sourceIp: string, retryAfterSeconds: number): void;
  /** A session began (for the users' sessions list). */
  onSessionStart(user: string, startedAt: number, expiresAt: number, sourceIp: string): void;
  totp: TotpLedger;
  sessions: SessionValidity;
  /** Checks the sign-in of a user of the users page (any name but the built-in admin's). */
  verifyUser(name: string, attempt: LoginAttempt): Promise<UserLoginResult>;
}

/** What authorize hands the jwt callback: who signed in, as what, and when the session began. */
interface SignedIn {
  id: string;
  name: string;
  role: Role;
  sessionStart: number;
}

export function buildAuthOptions(config: Config, events: LoginHooks): AuthOptions {
  const verifyAdmin = createLoginVerifier({ passwordHash: config.passwordHash, totpSecret: config.totpSecret }, events.totp);
  const verify = async (user: string, attempt: LoginAttempt): Promise<UserLoginResult> =>
    user === ADMIN_USER ? { outcome: await verifyAdmin(attempt), role: "admin" } : events.verifyUser(user, attempt);
  // The limits live here, around the check itself, so every URL that reaches it is limited alike.
  const throttle = new LoginThrottle();
  const [secret] = config.sessionSecrets;
  return {
    secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS, ...rotatingJwt(config.sessionSecrets, events.sessions) },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      redirect: ({ url, baseUrl }) => sameOriginRedirect(url, baseUrl),
      // The session's start and role stay in its token through every refresh: a logout ends sessions
      // begun before it, and a new role ends them too (the next sign-in carries the new one).
      // A user of the OpenID Provider whose groups map to no role (and no default role) gets no session.
      signIn: ({ user }) => {
        if ((user as unknown as { role: Role | null }).role !== null) return true;
        events.onLogin(user.id, "no-role", "");
        return false;
      },
      jwt: ({ token, user, account }) => {
        if (!user) return token;
        const { role, sessionStart } = user as unknown as SignedIn;
        if (account?.provider !== SSO_PROVIDER_ID) return { ...token, sessionStart, role };
        // A password sign-in is recorded where it is checked; a single sign-on here, once the provider's answer checked out.
        const started = Date.now();
        events.onLogin(user.id, "ok", "");
        events.onSessionStart(user.id, started, started + SESSION_MAX_AGE_SECONDS * 1000, "");
        return { ...token, sessionStart: started, role };
      },
    },
    events: {
      // A copied cookie stops working with the logout, not 12 hours later.
      signOut: async ({ token }) => {
        if (typeof token?.sub === "string") await events.sessions.endSessions(token.sub);
      },
    },
    providers: [
      ...(config.oidc ? [ssoProvider(config.oidc)] : []),
      CredentialsProvider({
        name: "Password",
        credentials: {
          username: { label: "User", type: "text" },
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, request) {
          const header = request?.headers?.[CLIENT_IP_HEADER];
          const ip = typeof header === "string" ? header : "";
          // No name: the built-in admin, as before there were users.
          const user = credentials?.username?.trim().toLowerCase() || ADMIN_USER;
          const decision = throttle.begin(ip, user);
          if (!decision.allowed) {
            events.onThrottled(ip, decision.retryAfterSeconds);
            throw new Error(TOO_MANY_ATTEMPTS);
          }
          const { outcome, role } = await verify(user, { password: credentials?.password ?? "", code: credentials?.code });
          if (outcome === "ok") throttle.succeeded(ip, user);
          else throttle.failed(user);
          events.onLogin(user, outcome, ip);
          if (outcome === "code-locked") throw new Error(TOO_MANY_ATTEMPTS);
          if (outcome !== "ok" || role === null) return null;
          const sessionStart = Date.now();
          events.onSessionStart(user, sessionStart, sessionStart + SESSION_MAX_AGE_SECONDS * 1000, ip);
          const signedIn: SignedIn = { id: user, name: user, role, sessionStart };
          return signedIn;
        },
      }),
    ],
  };
}
