import { UserRoundIcon } from "lucide-react";
import Link from "next/link";
import type { SignedInUser } from "@/lib/protocol/users";
import { ROLE_LABELS } from "@/lib/ui/role-labels";

/** Who is signed in and as what; a user's name leads to their account page (TOTP enrolment). */
export function SignedInBadge({ user }: { user: SignedInUser }) {
  const role = ROLE_LABELS[user.role];
  const content = (
    <>
      <UserRoundIcon aria-hidden className="size-3.5" />
      <span data-signed-in-user>{user.user}</span>
      <span className="text-muted-foreground" data-signed-in-role={user.role}>
        · {role.label}
      </span>
    </>
  );
  const className = "mr-1 hidden items-center gap-1 rounded-md px-1.5 py-0.5 text-xs sm:inline-flex";
  return user.hasAccount ? (
    <Link href="/account" title={role.description} className={`${className} hover:bg-muted`}>
      {content}
    </Link>
  ) : (
    <span title={role.description} className={className}>
      {content}
    </span>
  );
}
