"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import type { OkReply } from "@/lib/protocol/api";
import type { SignedInUser, TotpEnrolment } from "@/lib/protocol/users";
import { apiPost } from "@/lib/ui/api-client";
import { ROLE_LABELS } from "@/lib/ui/role-labels";
import { TotpEnrolmentFields } from "./totp-enrolment";

/** The signed-in user's account: their role, and TOTP enrolment while they have none. */
export function AccountView({ user, enrolment }: { user: SignedInUser; enrolment: TotpEnrolment | null }) {
  const [enrolled, setEnrolled] = useState(enrolment === null);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!enrolment) return;
    const code = String(new FormData(event.currentTarget).get("code") ?? "").replace(/\s+/g, "");
    const result = await apiPost<OkReply>("/api/account/totp", { totpSecret: enrolment.secret, code });
    if (result.ok) setEnrolled(true);
    else setError(result.error.message);
  }

  return (
    <div className="flex max-w-xl flex-col gap-5">
      <div className="flex flex-col gap-1.5">
        <h1 className="text-xl font-semibold tracking-tight">{user.user}</h1>
        <p className="text-sm text-muted-foreground">
          {ROLE_LABELS[user.role].label}: {ROLE_LABELS[user.role].description.toLowerCase()}.
        </p>
      </div>
      {!user.hasAccount ? (
        <p className="text-sm text-muted-foreground">The built-in admin&apos;s password and TOTP key are set in the dashboard&apos;s environment.</p>
      ) : enrolled ? (
        <p role="status" className="text-sm" data-totp-enrolled>
          Your authenticator app is set up: signing in asks for its code.
        </p>
      ) : (
        enrolment && (
          <form onSubmit={onSubmit} className="flex flex-col gap-4 rounded-xl border border-border bg-card p-4">
            <h2 className="font-medium">Set up your authenticator app</h2>
            <TotpEnrolmentFields enrolment={enrolment} />
            {error && (
              <p role="alert" className="text-sm text-danger-foreground">
                {error}
              </p>
            )}
            <Button type="submit" className="self-start">
              Enrol
            </Button>
          </form>
        )
      )}
    </div>
  );
}
