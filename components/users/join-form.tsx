"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { OkReply } from "@/lib/protocol/api";
import type { TotpEnrolment } from "@/lib/protocol/users";
import { apiPost } from "@/lib/ui/api-client";
import { FormSubmit } from "@/components/auth/form-submit";
import { TotpEnrolmentFields } from "./totp-enrolment";

/** The invited person's form: a name, a password (twice) and TOTP enrolment; then they sign in. */
export function JoinForm({ token, enrolment }: { token: string; enrolment: TotpEnrolment }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [joined, setJoined] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    if (password !== String(form.get("confirm") ?? "")) {
      setError("The two passwords differ.");
      return;
    }
    setPending(true);
    setError(null);
    const result = await apiPost<OkReply>(`/api/invites/${encodeURIComponent(token)}`, {
      name: String(form.get("name") ?? "").trim(),
      password,
      totpSecret: enrolment.secret,
      code: String(form.get("code") ?? "").replace(/\s+/g, ""),
    });
    setPending(false);
    if (result.ok) setJoined(true);
    else setError(result.error.message);
  }

  if (joined) {
    return (
      <div role="status" className="flex flex-col gap-3 text-sm">
        <p>Your account is ready.</p>
        <Button asChild>
          <Link href="/login">Sign in</Link>
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-5">
      <div className="flex flex-col gap-2">
        <Label htmlFor="name">User name</Label>
        <Input id="name" name="name" autoComplete="username" autoCapitalize="none" spellCheck={false} required minLength={2} maxLength={32} autoFocus />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="password">Password</Label>
        <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={72} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor="confirm">Password again</Label>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={12} maxLength={72} />
      </div>
      <TotpEnrolmentFields enrolment={enrolment} />
      <FormSubmit errorId="join-error" error={error} pending={pending} label="Create my account" />
    </form>
  );
}
