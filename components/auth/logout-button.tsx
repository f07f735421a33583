"use client";

import { LogOutIcon } from "lucide-react";
import { signOut } from "next-auth/react";
import { useState } from "react";
import { closeFleetConnection } from "@/components/fleet/shared-fleet-client";
import { Button } from "@/components/ui/button";

export function LogoutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={pending}
      onClick={() => {
        setPending(true);
        closeFleetConnection();
        void signOut({ callbackUrl: "/login" });
      }}
    >
      <LogOutIcon aria-hidden />
      <span className="max-sm:sr-only">Log out</span>
    </Button>
  );
}
