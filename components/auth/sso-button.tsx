"use client";

import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { SSO_PROVIDER_ID } from "@/lib/protocol/users";
import { safeCallbackPath } from "@/lib/ui/callback-url";

/** Signs in through the OpenID Provider (authorization code with PKCE); the provider sends the browser back. */
export function SsoButton({ callbackUrl }: { callbackUrl?: string }) {
  return (
    <div className="mt-5 flex flex-col gap-3">
      <div className="flex items-center gap-3 text-xs text-muted-foreground">
        <span className="h-px flex-1 bg-border" />
        or
        <span className="h-px flex-1 bg-border" />
      </div>
      <Button
        type="button"
        variant="outline"
        className="w-full"
        onClick={() => void signIn(SSO_PROVIDER_ID, { callbackUrl: safeCallbackPath(callbackUrl, window.location.origin) })}
      >
        Sign in with single sign-on
      </Button>
    </div>
  );
}
