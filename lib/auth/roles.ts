import type { Role } from "../protocol/roles";

export { ROLES, hasRole, roleRefusal, type Role } from "../protocol/roles";

/** Reads need a viewer; anything that changes the fleet, its tokens or its commands an operator; users an admin. */
export const READ_ROLE: Role = "viewer";
export const CHANGE_ROLE: Role = "operator";
export const USERS_ROLE: Role = "admin";
