import { BulkStore } from "@/lib/ui/bulk-store";
import { FleetStore } from "@/lib/ui/fleet-store";
import { NoticeStore } from "@/lib/ui/notice-store";
import { FleetClient } from "./fleet-client";

/** How long the connection stays open after the last page that used it (fleet ↔ host page keeps it). */
const IDLE_CLOSE_MS = 30_000;

interface Shared {
  client: FleetClient;
  users: number;
  close: (() => void) | null;
  idle: ReturnType<typeof setTimeout> | undefined;
}

let shared: Shared | null = null;

function sharedState(): Shared {
  shared ??= { client: new FleetClient(new FleetStore(), new BulkStore(), new NoticeStore()), users: 0, close: null, idle: undefined };
  return shared;
}

/** The browser tab's one fleet connection (on the server, a fresh empty client per render). */
export function fleetClientForPage(): FleetClient {
  if (typeof window === "undefined") return new FleetClient(new FleetStore(), new BulkStore(), new NoticeStore());
  return sharedState().client;
}

/**
 * Keeps the tab's connection open while a page uses it; returns the release. The last release
 * closes it after a while, so going from the fleet to a host page and back needs no new snapshot.
 */
export function retainFleetConnection(): () => void {
  const state = sharedState();
  clearTimeout(state.idle);
  state.users++;
  state.close ??= state.client.connect();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    state.users--;
    if (state.users > 0) return;
    state.idle = setTimeout(() => {
      state.close?.();
      state.close = null;
    }, IDLE_CLOSE_MS);
  };
}

/**
 * Closes the tab's connection now (at logout): the dashboard closes the socket of a session that
 * ended, and a page that sees that goes to the login form itself, which would race the logout's own
 * navigation to it.
 */
export function closeFleetConnection(): void {
  if (!shared) return;
  clearTimeout(shared.idle);
  shared.close?.();
  shared.close = null;
}

/**
 * Starts connecting as soon as this code loads in the browser, before React has hydrated the
 * page: the snapshot is often there by the time the table can show it.
 */
export function preconnectFleet(): void {
  if (typeof window === "undefined") return;
  retainFleetConnection()();
}
