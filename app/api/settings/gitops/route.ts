import { route } from "@/lib/http/route";
import { gitopsSettingsSchema, type GitopsSettingsView } from "@/lib/protocol/gitops";

export const dynamic = "force-dynamic";

/** The GitOps policy in force and where it comes from (the environment locks it). */
export const GET = route({ role: "admin" }, async ({ runtime }): Promise<GitopsSettingsView> => runtime.gitopsSettings.view());

/** Turns the policy on or off and saves its scope and plan: `{ "enabled": true, "scope": …, "plan": … }`. */
export const PUT = route({ role: "admin", body: gitopsSettingsSchema }, async ({ runtime, caller, ip, body }): Promise<GitopsSettingsView> =>
  runtime.gitopsSettings.save(body, caller.user, ip),
);
