import type { Timers } from "../lib/notifications/coalescer";

/** Timers run by hand: `advance` fires what is due. */
export class FakeTimers implements Timers {
  now = 0;
  private pending: { at: number; callback: () => void }[] = [];
  set(callback: () => void, ms: number): unknown {
    const entry = { at: this.now + ms, callback };
    this.pending.push(entry);
    return entry;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry !== handle);
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.pending.filter((entry) => entry.at <= this.now);
    this.pending = this.pending.filter((entry) => entry.at > this.now);
    for (const entry of due) entry.callback();
  }
}
