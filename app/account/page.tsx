import type { Metadata } from "next";
import { AppShell } from "@/components/layout/app-shell";
import { AccountView } from "@/components/users/account-view";
import { signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const { users, dashboardVersion } = getRuntime();
  const user = await signedInUser();
  const enrolled = user.hasAccount ? await users.totpEnrolled(user.user) : true;
  return (
    <AppShell version={dashboardVersion} user={user}>
      <AccountView user={user} enrolment={enrolled ? null : await users.newTotpEnrolment(user.user)} />
    </AppShell>
  );
}
