/** What a signed-in user may do, least first: each role may do everything the ones before it may. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Reads need a viewer; anything that changes the fleet, its tokens or its commands an operator. */
export const READ_ROLE: Role = "viewer";
export const CHANGE_ROLE: Role = "operator";

export function hasRole(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
