"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

function isActive(pathname: string, href: string): boolean {
  // Host pages belong to the fleet.
  if (href === "/") return pathname === "/" || pathname.startsWith("/hosts/");
  return pathname === href || pathname.startsWith(`${href}/`);
}

/** A top navigation link that knows when it is the current page. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const active = isActive(usePathname(), href);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "inline-flex h-8 items-center gap-1.5 rounded-md px-2.5 text-sm font-medium text-muted-foreground transition-colors outline-none hover:bg-accent hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 [&_svg]:size-4",
        active && "bg-accent text-foreground",
      )}
    >
      {children}
    </Link>
  );
}
