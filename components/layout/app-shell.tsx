import type { ReactNode } from "react";
import { SignedInProvider } from "@/components/auth/signed-in-context";
import type { SignedInUser } from "@/lib/protocol/users";
import { AppHeader } from "./app-header";

/** The frame of every signed-in page: header with navigation, then the page; its controls know the user's role. */
export function AppShell({ version, user, children }: { version: string; user: SignedInUser; children: ReactNode }) {
  return (
    <SignedInProvider user={user}>
      <div className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-3 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:text-sm focus:shadow"
        >
          Skip to content
        </a>
        <AppHeader version={version} user={user} />
        <main id="main" className="mx-auto w-full max-w-[1400px] flex-1 px-4 py-6 sm:px-6 sm:py-8">
          {children}
        </main>
      </div>
    </SignedInProvider>
  );
}
