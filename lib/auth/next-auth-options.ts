import type { AuthOptions } from "next-auth";
import credentialsModule from "next-auth/providers/credentials";
import type { Config } from "../config";
import { CLIENT_IP_HEADER } from "./client-address";
import { createLoginVerifier, type LoginOutcome } from "./credentials";
import { ADMIN_USER, SESSION_MAX_AGE_SECONDS, rotatingJwt } from "./session";

// next-auth ships CommonJS: loaded by Node's ESM loader (server.ts) its default export arrives wrapped.
const CredentialsProvider =
  (credentialsModule as unknown as { default?: typeof credentialsModule }).default ?? credentialsModule;

export interface LoginHooks {
  onLogin(outcome: LoginOutcome, sourceIp: string): void;
  /** Records an accepted TOTP step; false when it (or a later one) was already used. */
  claimTotpStep(step: number): Promise<boolean>;
}

export function buildAuthOptions(config: Config, events: LoginHooks): AuthOptions {
  const verifyLogin = createLoginVerifier({ passwordHash: config.passwordHash, totpSecret: config.totpSecret }, events.claimTotpStep);
  const [secret] = config.sessionSecrets;
  return {
    secret,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS, ...rotatingJwt(config.sessionSecrets) },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Password",
        credentials: {
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
        },
        async authorize(credentials, request) {
          const outcome = await verifyLogin({ password: credentials?.password ?? "", code: credentials?.code });
          const ip = request?.headers?.[CLIENT_IP_HEADER];
          events.onLogin(outcome, typeof ip === "string" ? ip : "");
          return outcome === "ok" ? { id: ADMIN_USER, name: ADMIN_USER } : null;
        },
      }),
    ],
  };
}
