import { roleRefusal, type Role } from "@/lib/protocol/roles";

/** Why the signed-in user cannot do it, as a tooltip ("Viewers cannot run commands"), or null when they can. */
export function refusalHint(held: Role, needed: Role, action: string): string | null {
  const refusal = roleRefusal(held, needed, action);
  return refusal && refusal[0]!.toUpperCase() + refusal.slice(1);
}

export const ROLE_LABELS: Record<Role, { label: string; description: string }> = {
  viewer: { label: "Viewer", description: "Reads the fleet, history and output; changes nothing" },
  operator: { label: "Operator", description: "Runs commands and manages host tokens" },
  admin: { label: "Admin", description: "Everything, and users" },
};
