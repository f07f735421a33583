import type { Metadata } from "next";
import { AppShell } from "@/components/layout/app-shell";
import { RoleRefused } from "@/components/auth/role-refused";
import { UsersView } from "@/components/users/users-view";
import { holds, signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { users, dashboardVersion } = getRuntime();
  const user = await signedInUser();
  return (
    <AppShell version={dashboardVersion} user={user}>
      {holds(user, "admin") ? <UsersView initial={await users.list()} /> : <RoleRefused needed="admin" action="manage users" />}
    </AppShell>
  );
}
