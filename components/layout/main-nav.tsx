import { LayoutGridIcon } from "lucide-react";
import type { ComponentType } from "react";
import { NavLink } from "./nav-link";

interface NavItem {
  href: string;
  label: string;
  icon: ComponentType<{ "aria-hidden"?: boolean }>;
}

/** The dashboard's sections. Tokens and Audit join here when their pages exist. */
const NAV_ITEMS: readonly NavItem[] = [{ href: "/", label: "Fleet", icon: LayoutGridIcon }];

export function MainNav() {
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => (
        <NavLink key={href} href={href}>
          <Icon aria-hidden />
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
