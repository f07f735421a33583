import { lstatSync, readdirSync, readlinkSync } from "node:fs";
import path from "node:path";
import { MAX_GENERATIONS, type Generation } from "../lib/protocol/index";
import { resolveStorePath } from "./store-path";

/** A generation as the agent knows it: what is reported, and the link a revert activates. */
export interface ProfileGeneration extends Generation {
  /** `<profile>-<number>-link`: what `nix-env --switch-generation` makes the profile point at. */
  link: string;
}

/**
 * The generations of `profile` (e.g. /nix/var/nix/profiles/system), newest first, at most
 * MAX_GENERATIONS: every `<profile>-<N>-link` beside it whose target is in the store. The current
 * one is the one the running system (`currentSystemLink`) is: the profile's own generation when
 * it is that system (the same system may be in two generations), else the newest that is.
 */
export function readGenerations(profile: string, currentSystemLink: string): ProfileGeneration[] {
  const dir = path.dirname(profile);
  const pattern = new RegExp(`^${escapeRegExp(path.basename(profile))}-(\\d+)-link$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found = names.flatMap((name) => {
    const match = pattern.exec(name);
    if (match?.[1] === undefined) return [];
    const link = path.join(dir, name);
    const storePath = resolveStorePath(link);
    const stat = lstatSync(link, { throwIfNoEntry: false });
    if (storePath === null || stat === undefined) return [];
    return [{ number: Number(match[1]), createdAt: Math.floor(stat.mtimeMs / 1000), storePath, link, current: false }];
  });
  found.sort((a, b) => b.number - a.number);
  const generations = found.slice(0, MAX_GENERATIONS);
  const running = resolveStorePath(currentSystemLink);
  const profileLink = profileTarget(profile);
  const current =
    generations.find((generation) => generation.storePath === running && path.basename(generation.link) === profileLink) ??
    generations.find((generation) => generation.storePath === running);
  if (current) current.current = true;
  return generations;
}

/** The running generation, if the profile has it. */
export function currentGeneration(profile: string, currentSystemLink: string): ProfileGeneration | null {
  return readGenerations(profile, currentSystemLink).find((generation) => generation.current) ?? null;
}

/** What the profile reports: the generations without the agent's own link paths. */
export function reportedGenerations(generations: readonly ProfileGeneration[]): Generation[] {
  return generations.map(({ number, createdAt, storePath, current }) => ({ number, createdAt, storePath, current }));
}

function profileTarget(profile: string): string | null {
  try {
    return path.basename(readlinkSync(profile));
  } catch {
    return null;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
