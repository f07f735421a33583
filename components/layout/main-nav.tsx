import { KeyRoundIcon, LayersIcon, LayoutGridIcon, ScrollTextIcon } from "lucide-react";
import type { ComponentType } from "react";
import { NavLink } from "./nav-link";

interface NavItem {
  href: string;
  label: string;
  icon: ComponentType<{ "aria-hidden"?: boolean }>;
}

/** The dashboard's sections. */
const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Fleet", icon: LayoutGridIcon },
  { href: "/rollouts", label: "Rollouts", icon: LayersIcon },
  { href: "/tokens", label: "Tokens", icon: KeyRoundIcon },
  { href: "/audit", label: "Audit", icon: ScrollTextIcon },
];

export function MainNav() {
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => (
        <NavLink key={href} href={href}>
          <Icon aria-hidden />
          <span className="max-sm:sr-only">{label}</span>
        </NavLink>
      ))}
    </nav>
  );
}
