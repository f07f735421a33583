import type { Metadata } from "next";
import { RoleRefused } from "@/components/auth/role-refused";
import { AppShell } from "@/components/layout/app-shell";
import { GitopsSettings } from "@/components/settings/gitops-settings";
import { NotificationSettings } from "@/components/settings/notification-settings";
import { holds, signedInUser } from "@/lib/http/signed-in";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const { dashboardVersion, notifications, gitopsSettings, fleet } = getRuntime();
  const user = await signedInUser();
  return (
    <AppShell version={dashboardVersion} user={user}>
      {holds(user, "admin") ? (
        <div className="flex flex-col gap-6">
          <h1 className="text-xl font-semibold tracking-tight">Settings</h1>
          <NotificationSettings initial={await notifications.list()} />
          <GitopsSettings initial={await gitopsSettings.view()} tags={[...new Set(fleet.snapshot().flatMap((host) => host.tags))].sort()} />
        </div>
      ) : (
        <RoleRefused needed="admin" action="change settings" />
      )}
    </AppShell>
  );
}
