import { z } from "zod";
import { storePathSchema } from "./fields";

/** At most this many generations are reported, newest first: enough to pick one to roll back to. */
export const MAX_GENERATIONS = 100;

/**
 * One generation of the host's profile (NixOS / nix-darwin: the `system` profile; Home Manager: its
 * `home-manager` profile): `number` as in `<profile>-<number>-link`, `createdAt` the link's time in
 * Unix seconds (what `nixos-rebuild list-generations` shows), `current` for the one running now.
 */
export const generationSchema = z.object({
  number: z.number().int().min(1),
  createdAt: z.number().int().nonnegative(),
  storePath: storePathSchema,
  current: z.boolean(),
});
export type Generation = z.infer<typeof generationSchema>;

/** Newest first, bounded. */
export const generationsSchema = z.array(generationSchema).max(MAX_GENERATIONS);
