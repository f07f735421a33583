import { z } from "zod";
import { RUN_TESTS_TYPES, takesRunTests } from "./constants";

/** Field rules shared by every message, so that nothing an agent sends can break the page or the store. */

export const LOCATIONS = ["cloud", "home", "work", "other"] as const;
export const DEVICE_TYPES = ["server", "desktop", "laptop", "gaming", "other"] as const;
/**
 * How a host is switched: `nixos` (nixos-rebuild), `darwin` (nix-darwin's darwin-rebuild) and
 * `home-manager` (standalone Home Manager, on Linux or macOS). Agents before these three called Home
 * Manager on macOS `darwin`: see `registeredPlatform`.
 */
export const PLATFORMS = ["nixos", "darwin", "home-manager"] as const;
/**
 * Where the repository URL of an agent in isolated mode came from: its options, the fleet target's
 * `repo`, the `origin` of the host's configuration checkout, the agent's own clone of an earlier run,
 * or nowhere (the agent cannot pull until repoUrl is set).
 */
export const REPO_URL_SOURCES = ["option", "fleet-target", "checkout", "clone", "none"] as const;

export const hostNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "host name: letters, digits, - and _, at most 63 characters");
export const themeColorSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, "theme colour: #rrggbb");
export const locationSchema = z.enum(LOCATIONS);
export const deviceTypeSchema = z.enum(DEVICE_TYPES);
export const platformSchema = z.enum(PLATFORMS);
export const repoUrlSourceSchema = z.enum(REPO_URL_SOURCES);
export const commitSchema = z.string().regex(/^[0-9a-f]{40}$/, "commit: a full 40-character SHA-1");
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "sha256: 64 hex characters");
export const storePathSchema = z
  .string()
  .max(300)
  .regex(/^\/nix\/store\/[0-9a-z]{32}-[A-Za-z0-9+._?=-]+$/, "store path: /nix/store/<hash>-<name>");
/** Free text an agent reports (versions, paths, URLs): bounded and printable. */
export const shortTextSchema = z.string().max(200).regex(/^[^\p{Cc}]*$/u, "text: no control characters");
/** A word an operator gives a host to select it by (`canary`, `eu-west`, `db`). */
export const tagSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/, "tag: letters, digits, ., _ and -, at most 32 characters");
export const MAX_TAGS = 32;
export const tagsSchema = z.array(tagSchema).max(MAX_TAGS);
export const versionSchema = z.string().max(64).regex(/^[0-9A-Za-z.+_~-]*$/, "version: letters, digits and .+_~-");

export type Location = z.infer<typeof locationSchema>;
export type DeviceType = z.infer<typeof deviceTypeSchema>;
export type Platform = z.infer<typeof platformSchema>;
export type RepoUrlSource = z.infer<typeof repoUrlSourceSchema>;

/**
 * Whether the host's tests (`hosts/<host>/tests/T*.sh`) run after a switch, the health gate. Absent
 * means on: a switch is gated by default when the host has tests. Only switches take it.
 */
export const runTestsSchema = z.boolean().optional();

/** Refuses `runTests` on a command that does not switch, where it would silently mean nothing. */
export function checkRunTests(request: { type: string; runTests?: boolean | undefined }, ctx: z.RefinementCtx): void {
  if (request.runTests !== undefined && !takesRunTests(request.type)) {
    ctx.addIssue({ code: "custom", path: ["runTests"], message: `runTests is only for ${RUN_TESTS_TYPES.join(" and ")}, not ${request.type}` });
  }
}
