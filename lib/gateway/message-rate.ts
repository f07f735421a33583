import type { Socket } from "socket.io";
import { RATE_LIMIT_ERROR, type Refusal } from "../protocol/agent";

/** A token bucket: `ratePerSecond` messages on average, bursts of up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.updatedAt = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Drops what a socket sends beyond its rate, answering the ack (if any) with an error, and closes
 * a socket that keeps flooding.
 */
export function limitMessageRate(socket: Socket, ratePerSecond: number, burst: number, onDropped: (event: string) => void): void {
  const bucket = new TokenBucket(ratePerSecond, burst);
  let dropped = 0;
  socket.use((packet, next) => {
    if (bucket.take()) {
      dropped = 0;
      return next();
    }
    const [event] = packet;
    const ack = packet[packet.length - 1];
    if (typeof ack === "function") (ack as (reply: Refusal) => void)({ ok: false, error: RATE_LIMIT_ERROR, retryable: true });
    onDropped(String(event));
    if (++dropped > burst) socket.disconnect(true);
  });
}
