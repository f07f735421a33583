import type { AuthOptions } from "next-auth";
import credentialsModule from "next-auth/providers/credentials";
import type { Config } from "../config";
import { sameOriginRedirect } from "../ui/callback-url";
import { CLIENT_IP_HEADER } from "./client-address";
import { createLoginVerifier, type LoginOutcome, type TotpLedger } from "./credentials";
import { LoginThrottle } from "./login-throttle";
import type { SessionValidity } from "./session-validity";
import { ADMIN_USER, SESSION_MAX_AGE_SECONDS, rotatingJwt } from "./session";

// next-auth ships CommonJS: loaded by Node's ESM loader (server.ts) its default export arrives wrapped.
const CredentialsProvider =
  (credentialsModule as unknown as { default?: typeof credentialsModule }).default ?? credentialsModule;

/** next-auth's error code for a refused attempt: the login page and form say "too many attempts". */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

export interface LoginHooks {
  onLogin(outcome: LoginOutcome, sourceIp: string): void;
  /** An attempt refused unchecked: its address used up its attempts. */
  onThrottled(sourceIp: string, retryAfterSeconds: number): void;
  totp: TotpLedger;
  sessions: SessionValidity;
}

export function buildAuthOptions(config: Config, events: LoginHooks): AuthOptions {
  const verifyLogin = createLoginVerifier({ passwordHash: config.passwordHash, totpSecret: config.totpSecret }, events.totp);
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
      // The session's start stays in its token through every refresh: a logout ends sessions begun before it.
      jwt: ({ token, user }) => (user ? { ...token, sessionStart: Date.now() } : token),
    },
    events: {
      // A copied cookie stops working with the logout, not 12 hours later.
      signOut: async ({ token }) => {
        if (typeof token?.sub === "string") await events.sessions.endSessions(token.sub);
      },
    },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: {
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, request) {
          const header = request?.headers?.[CLIENT_IP_HEADER];
          const ip = typeof header === "string" ? header : "";
          const decision = throttle.begin(ip, ADMIN_USER);
          if (!decision.allowed) {
            events.onThrottled(ip, decision.retryAfterSeconds);
            throw new Error(TOO_MANY_ATTEMPTS);
          }
          const outcome = await verifyLogin({ password: credentials?.password ?? "", code: credentials?.code });
          if (outcome === "ok") throttle.succeeded(ip, ADMIN_USER);
          else throttle.failed(ADMIN_USER);
          events.onLogin(outcome, ip);
          if (outcome === "code-locked") throw new Error(TOO_MANY_ATTEMPTS);
          return outcome === "ok" ? { id: ADMIN_USER, name: ADMIN_USER } : null;
        },
      }),
    ],
  };
}
