import type { Metadata } from "next";
import { StandaloneCardPage } from "@/components/layout/standalone-card-page";
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
    <StandaloneCardPage
      title="Join the fleet"
      description="Choose your user name and password, and set up your authenticator app."
      width="md"
    >
      {problem !== null || !parsed.success ? (
        <p role="alert" className="text-sm text-danger-foreground" data-invite-problem>
          {problem?.replace(/^./, (first) => first.toUpperCase())}.
        </p>
      ) : (
        <JoinForm token={parsed.data.token} enrolment={await users.newTotpEnrolment("new user")} />
      )}
    </StandaloneCardPage>
  );
}
