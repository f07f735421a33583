"use client";

import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { FormSubmit } from "./form-submit";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { safeCallbackPath } from "@/lib/ui/callback-url";

const WRONG_CREDENTIALS = "Wrong password or code";
const TOO_MANY_ATTEMPTS = "Too many attempts. Wait a minute, then try again.";
const UNREACHABLE = "Could not reach the dashboard. Check your connection and try again.";

export interface LoginFormProps {
  /** Ask for a user name (there are users besides the built-in admin, whose name may be left empty). */
  askUser: boolean;
  /** Show the 6-digit code field (the built-in admin has a TOTP secret, or users may have one). */
  showCode: boolean;
  /** The code is needed by everyone who can sign in (only the built-in admin, with a TOTP secret). */
  requireCode: boolean;
  callbackUrl?: string;
  /** A message to show at once, e.g. when next-auth sent the user back here with an error. */
  initialError?: string | null;
}

export function LoginForm({ askUser, showCode, requireCode, callbackUrl, initialError = null }: LoginFormProps) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const username = askUser ? String(form.get("username") ?? "").trim() : "";
    const password = String(form.get("password") ?? "");
    const code = showCode ? String(form.get("code") ?? "").replace(/\s+/g, "") : undefined;
    setPending(true);
    setError(null);

    let message: string | null;
    try {
      const result = await signIn("credentials", { username, password, code, redirect: false });
      if (result?.ok && !result.error) {
        window.location.assign(safeCallbackPath(callbackUrl, window.location.origin));
        return; // keep the button busy while the fleet page loads
      }
      if (!result) message = UNREACHABLE;
      else if (result.status === 429 || result.error === "TooManyAttempts") message = TOO_MANY_ATTEMPTS;
      else message = WRONG_CREDENTIALS;
    } catch {
      // signIn throws when the reply is not next-auth's JSON (a proxy error page, a dropped connection).
      message = UNREACHABLE;
    }
    setError(message);
    setPending(false);
    if (codeRef.current) codeRef.current.value = "";
    passwordRef.current?.select();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5">
      {askUser && (
        <div className="flex flex-col gap-2">
          <Label htmlFor="username">User</Label>
          <Input
            id="username"
            name="username"
            type="text"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            placeholder="admin"
            aria-describedby={error ? "login-error" : undefined}
          />
        </div>
      )}
      <div className="flex flex-col gap-2">
        <Label htmlFor="password">Password</Label>
        <Input
          ref={passwordRef}
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          autoFocus={!askUser}
          required
          aria-invalid={error === WRONG_CREDENTIALS || undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>
      {showCode && (
        <div className="flex flex-col gap-2">
          <Label htmlFor="code">Code</Label>
          <Input
            ref={codeRef}
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            placeholder={requireCode ? "6 digits" : "6 digits, once you enrolled"}
            required={requireCode}
            aria-invalid={error === WRONG_CREDENTIALS || undefined}
            aria-describedby={error ? "login-error" : undefined}
            className="font-mono tracking-widest placeholder:font-sans placeholder:tracking-normal"
          />
        </div>
      )}
      <FormSubmit errorId="login-error" error={error} pending={pending} label="Sign in" />
    </form>
  );
}
