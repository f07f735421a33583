import type { Store } from "../store/client";
import { readSessionStamp, writeSessionStamp } from "../store/session-stamps";
import type { SessionCheck } from "./session";

/** Where each user's "valid after" stamp is kept (the store: shared by replicas, kept over restarts). */
export interface SessionStamps {
  read(user: string): Promise<number | null>;
  write(user: string, validAfter: number): Promise<void>;
}

/** How long a stamp read from the store is reused: a logout on another replica counts within this. */
export const STAMP_CACHE_MS = 2_000;

/**
 * Server-side session validity. Session cookies are self-contained JWTs, so by themselves they stay
 * good until they expire; each user also has a "valid after" stamp, and a session that began before
 * it is refused everywhere (requests, next-auth's routes, browser sockets). Logging out moves the
 * stamp to now, so a copied cookie stops working with the logout. Keyed by user name: users and roles
 * can come later without changing the rule.
 */
export class SessionValidity implements SessionCheck {
  private readonly cache = new Map<string, { validAfter: number; readAt: number }>();
  private readonly listeners = new Set<(user: string) => void>();

  constructor(
    private readonly stamps: SessionStamps,
    private readonly cacheMs = STAMP_CACHE_MS,
  ) {}

  async isCurrent(user: string, startedAt: number, now = Date.now()): Promise<boolean> {
    return startedAt >= (await this.validAfter(user, now));
  }

  /** Ends every session of `user` that began before `now`. */
  async endSessions(user: string, now = Date.now()): Promise<void> {
    await this.stamps.write(user, now);
    this.cache.set(user, { validAfter: now, readAt: now });
    for (const listener of this.listeners) listener(user);
  }

  /** Called (on this replica) when a user's sessions were ended. */
  onEnded(listener: (user: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async validAfter(user: string, now: number): Promise<number> {
    const cached = this.cache.get(user);
    if (cached && now - cached.readAt < this.cacheMs) return cached.validAfter;
    const validAfter = (await this.stamps.read(user)) ?? 0;
    this.cache.set(user, { validAfter, readAt: now });
    return validAfter;
  }
}

/** The stamps as kept in the store. */
export function storeSessionStamps(store: Store): SessionStamps {
  return {
    read: (user) => readSessionStamp(store, user),
    write: (user, validAfter) => writeSessionStamp(store, user, validAfter),
  };
}
