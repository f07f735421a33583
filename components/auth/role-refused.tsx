"use client";

import { ShieldAlertIcon } from "lucide-react";
import type { Role } from "@/lib/protocol/roles";
import { useRoleRefusal } from "./signed-in-context";

/** What a page shows in place of its content to a role below the page's. */
export function RoleRefused({ needed, action }: { needed: Role; action: string }) {
  const refusal = useRoleRefusal(needed, action);
  return (
    <p role="alert" className="flex items-center gap-2 text-sm text-muted-foreground" data-role-refusal>
      <ShieldAlertIcon aria-hidden className="size-4" />
      {refusal ?? "You may see this page."}
    </p>
  );
}
