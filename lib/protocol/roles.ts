import { z } from "zod";

/** What a signed-in user may do, least first: each role may do everything the ones before it may. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export function hasRole(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/**
 * Why `held` may not do what needs `needed`, for a disabled button's tooltip and a refusal
 * ("viewers cannot run commands"), or null when it may.
 */
export function roleRefusal(held: Role, needed: Role, action: string): string | null {
  if (hasRole(held, needed)) return null;
  return `${held}s cannot ${action}`;
}
