import { z } from "zod";
import type { FleetTarget, FleetTargetState } from "../protocol/browser";
import { commitSchema, sha256Schema } from "../protocol/fields";

/** version.json as the seed README's GitHub Action publishes it, plus an optional lockHash. */
export const versionJsonSchema = z.object({
  repo: z.string().max(500).default(""),
  gitCommit: commitSchema,
  message: z.string().max(2_000).default(""),
  branch: z.string().max(200).default(""),
  timestamp: z.string().refine((text) => !Number.isNaN(Date.parse(text)), "timestamp: an ISO 8601 date"),
  lockHash: sha256Schema.optional(),
});

const MAX_BYTES = 65_536;
const MAX_REDIRECTS = 3;

/**
 * GETs `url`, following redirects only on the same host (a version.json moved on its server), so
 * that the URL cannot be bent into a probe of other, internal addresses.
 */
async function fetchSameHost(url: string, signal: AbortSignal, fetchImpl: typeof fetch): Promise<Response> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const response = await fetchImpl(current, { signal, redirect: "manual", headers: { accept: "application/json" }, cache: "no-store" });
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null) return response;
    await response.body?.cancel();
    const next = new URL(location, current);
    if (next.host !== current.host || next.protocol !== current.protocol) throw new Error(`refused a redirect to ${next.origin}`);
    if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
    current = next;
  }
}

/** The body as text, read until `maxBytes`: a bigger one is refused without being read in full. */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return Buffer.concat(parts).toString("utf8");
}

function fetchFailure(url: string, error: unknown, timeoutMs: number): Error {
  const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : String(error instanceof Error ? (error.cause ?? error.message) : error);
  return new Error(`cannot fetch ${url}: ${reason}`);
}

export async function fetchFleetTarget(url: string, timeoutMs = 10_000, fetchImpl: typeof fetch = fetch): Promise<FleetTarget> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetchSameHost(url, signal, fetchImpl).catch((error: unknown) => {
    throw fetchFailure(url, error, timeoutMs);
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url} answered HTTP ${response.status}`);
  }
  const text = await readCapped(response, MAX_BYTES).catch((error: unknown) => {
    throw fetchFailure(url, error, timeoutMs);
  });
  if (text === null) throw new Error(`${url} is larger than ${MAX_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${url} is not JSON`);
  }
  const parsed = versionJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${url} is not a version.json: ${issue?.path.join(".") || "body"}: ${issue?.message}`);
  }
  const { lockHash, timestamp, ...rest } = parsed.data;
  return { ...rest, timestamp: Date.parse(timestamp), lockHash: lockHash ?? null };
}

/**
 * Keeps the fleet target: fetched every minute and on demand. A failed fetch keeps the last good
 * target and says why it is stale.
 */
export class FleetTargetPoller {
  private current: FleetTargetState;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<FleetTargetState> | undefined;
  private readonly listeners = new Set<(state: FleetTargetState) => void>();

  constructor(
    private readonly url: string | null,
    agentVersion: string,
    private readonly intervalMs = 60_000,
    private readonly fetchTarget: (url: string) => Promise<FleetTarget> = (url) => fetchFleetTarget(url),
  ) {
    this.current = { configured: url !== null, target: null, fetchedAt: null, staleReason: null, agentVersion };
  }

  subscribe(listener: (state: FleetTargetState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get state(): FleetTargetState {
    return this.current;
  }

  start(): void {
    if (this.url === null) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Fetches now (joining a fetch already under way). */
  refresh(): Promise<FleetTargetState> {
    const url = this.url;
    if (url === null) return Promise.resolve(this.current);
    this.inFlight ??= this.fetchTarget(url)
      .then((target) => this.update({ ...this.current, target, fetchedAt: Date.now(), staleReason: null }))
      .catch((error: unknown) => this.update({ ...this.current, staleReason: error instanceof Error ? error.message : String(error) }))
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private update(next: FleetTargetState): FleetTargetState {
    const changed = JSON.stringify({ ...next, fetchedAt: null }) !== JSON.stringify({ ...this.current, fetchedAt: null });
    this.current = next;
    if (changed) for (const listener of this.listeners) listener(next);
    return next;
  }
}
