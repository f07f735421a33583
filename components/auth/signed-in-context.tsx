"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { Role } from "@/lib/protocol/roles";
import type { SignedInUser } from "@/lib/protocol/users";
import { refusalHint } from "@/lib/ui/role-labels";

// Without a provider nothing is allowed: a page that forgot to say who is signed in shows no enabled button.
const SignedInContext = createContext<SignedInUser>({ user: "", role: "viewer", hasAccount: false });

export function SignedInProvider({ user, children }: { user: SignedInUser; children: ReactNode }) {
  return <SignedInContext.Provider value={user}>{children}</SignedInContext.Provider>;
}

export function useSignedIn(): SignedInUser {
  return useContext(SignedInContext);
}

/** Why the signed-in user cannot do `action` (it needs `needed`), for a disabled control's tooltip; null when they can. */
export function useRoleRefusal(needed: Role, action: string): string | null {
  return refusalHint(useSignedIn().role, needed, action);
}
