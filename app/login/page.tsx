import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { SsoButton } from "@/components/auth/sso-button";
import { StandaloneCardPage } from "@/components/layout/standalone-card-page";
import { getRuntime } from "@/lib/runtime";

// The runtime (config) exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

/** next-auth's error codes, in words (it sends users back here with ?error=…). */
function describeAuthError(code: string | undefined): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return "Wrong password or code";
  if (code === "SessionRequired") return "Sign in to continue.";
  if (code === "TooManyAttempts") return "Too many attempts. Wait a minute, then try again.";
  if (code === "AccessDenied") return "Your single sign-on account has no role here: ask an administrator to map one of your groups.";
  if (code.startsWith("OAuth")) return "Single sign-on failed. Try again, or sign in with a password.";
  return "Sign-in failed. Try again.";
}

function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const { config, users } = getRuntime();
  const askUser = await users.any();
  const adminCode = config.totpSecret !== null;
  return (
    <StandaloneCardPage
      title="Sign in"
      description={
        askUser
          ? "Enter your user name, password and the code from your authenticator app (the built-in admin may leave the name empty)."
          : adminCode
            ? "Enter the admin password and the code from your authenticator app."
            : "Enter the admin password to manage your fleet."
      }
      after={
        !config.production && (
          <p className="max-w-xs text-center text-xs leading-relaxed text-muted-foreground">
            Trying NixFleet? Its first start printed a generated admin password to the console.
          </p>
        )
      }
    >
      <LoginForm
        askUser={askUser}
        showCode={askUser || adminCode}
        requireCode={adminCode && !askUser}
        callbackUrl={firstParam(params.callbackUrl)}
        initialError={describeAuthError(firstParam(params.error))}
      />
      {config.oidc && <SsoButton callbackUrl={firstParam(params.callbackUrl)} />}
    </StandaloneCardPage>
  );
}
