import Link from "next/link";
import { LogoutButton } from "@/components/auth/logout-button";
import { ThemeMenu } from "@/components/theme/theme-menu";
import { BrandMark } from "./brand-mark";
import { MainNav } from "./main-nav";
import { SignedInBadge } from "./signed-in-badge";
import type { SignedInUser } from "@/lib/protocol/users";

export function AppHeader({ version, user }: { version: string; user: SignedInUser }) {
  return (
    <header className="sticky top-0 z-40 border-b border-border bg-background/85 backdrop-blur-md">
      <div className="mx-auto flex h-14 w-full max-w-[1400px] items-center gap-3 px-4 sm:gap-5 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 rounded-md text-[0.9375rem] font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          <BrandMark />
          <span className="max-sm:sr-only">NixFleet</span>
        </Link>
        <span aria-hidden className="hidden h-5 w-px bg-border sm:block" />
        <MainNav role={user.role} />
        <div className="ml-auto flex items-center gap-1">
          <span
            className="mr-1 hidden rounded-md border border-border px-1.5 py-0.5 font-mono text-[0.6875rem] text-muted-foreground sm:inline"
            title="Dashboard version"
          >
            v{version}
          </span>
          <SignedInBadge user={user} />
          <ThemeMenu />
          <LogoutButton />
        </div>
      </div>
    </header>
  );
}
