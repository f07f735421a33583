import { KeyRoundIcon, LayersIcon, LayoutGridIcon, ScrollTextIcon, SettingsIcon, UsersIcon } from "lucide-react";
import type { ComponentType } from "react";
import { hasRole, type Role } from "@/lib/protocol/roles";
import { NavLink } from "./nav-link";

interface NavItem {
  href: string;
  label: string;
  icon: ComponentType<{ "aria-hidden"?: boolean }>;
  /** The least role that sees the section in the navigation (the page itself checks it too). */
  role: Role;
}

/** The dashboard's sections. */
const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Fleet", icon: LayoutGridIcon, role: "viewer" },
  { href: "/rollouts", label: "Rollouts", icon: LayersIcon, role: "viewer" },
  { href: "/tokens", label: "Tokens", icon: KeyRoundIcon, role: "viewer" },
  { href: "/audit", label: "Audit", icon: ScrollTextIcon, role: "viewer" },
  { href: "/users", label: "Users", icon: UsersIcon, role: "admin" },
  { href: "/settings", label: "Settings", icon: SettingsIcon, role: "admin" },
];

export function MainNav({ role }: { role: Role }) {
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {NAV_ITEMS.filter((item) => hasRole(role, item.role)).map(({ href, label, icon: Icon }) => (
        <NavLink key={href} href={href}>
          <Icon aria-hidden />
          <span className="max-sm:sr-only">{label}</span>
        </NavLink>
      ))}
    </nav>
  );
}
