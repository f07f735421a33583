import type { Metadata } from "next";
import { BrandMark } from "@/components/layout/brand-mark";
import { ThemeMenu } from "@/components/theme/theme-menu";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { JoinForm } from "@/components/users/join-form";
import { inviteParamsSchema } from "@/lib/protocol/users";
import { getRuntime } from "@/lib/runtime";

// The runtime exists only when the dashboard's server runs, not during `next build`.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Join", referrer: "no-referrer" };

/** An invite link's page (public: the token in the path is the credential): a new user's name, password and TOTP. */
export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { users } = getRuntime();
  const parsed = inviteParamsSchema.safeParse(await params);
  const problem = parsed.success ? await users.inviteProblem(parsed.data.token) : "this invite link is not valid";
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center bg-surface px-4 py-12">
      <div className="absolute right-3 top-3">
        <ThemeMenu />
      </div>
      <div className="flex w-full max-w-md flex-col items-center gap-6">
        <div className="flex items-center gap-2.5 text-lg font-semibold tracking-tight">
          <BrandMark className="size-8" />
          NixFleet
        </div>
        <Card className="w-full">
          <CardHeader>
            <CardTitle>Join the fleet</CardTitle>
            <CardDescription>Choose your user name and password, and set up your authenticator app.</CardDescription>
          </CardHeader>
          <CardContent>
            {problem !== null || !parsed.success ? (
              <p role="alert" className="text-sm text-danger-foreground" data-invite-problem>
                {problem?.replace(/^./, (first) => first.toUpperCase())}.
              </p>
            ) : (
              <JoinForm token={parsed.data.token} enrolment={await users.newTotpEnrolment("new user")} />
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
