/** Small numeric helpers for the benchmark's figures. */

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The q-th quantile (0..1) of already sorted values, nearest-rank; NaN when there are none. */
export function quantileOfSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    count: list.length,
    p50: quantileOfSorted(list, 0.5),
    p99: quantileOfSorted(list, 0.99),
    max: list.length === 0 ? Number.NaN : list[list.length - 1]!,
  };
}

/**
 * Keeps a bounded uniform sample of a long stream (reservoir sampling), so millions of latencies
 * cost a fixed amount of memory while their quantiles stay representative.
 */
export class Reservoir {
  private readonly values: number[] = [];
  private seen = 0;
  private maxSeen = Number.NEGATIVE_INFINITY;

  constructor(private readonly capacity = 200_000) {}

  add(value: number): void {
    this.seen += 1;
    if (value > this.maxSeen) this.maxSeen = value;
    if (this.values.length < this.capacity) {
      this.values.push(value);
      return;
    }
    const slot = Math.floor(Math.random() * this.seen);
    if (slot < this.capacity) this.values[slot] = value;
  }

  get count(): number {
    return this.seen;
  }

  clear(): void {
    this.values.length = 0;
    this.seen = 0;
    this.maxSeen = Number.NEGATIVE_INFINITY;
  }

  /** p50 and p99 from the sample; max and count are exact. */
  summary(): Distribution {
    const sampled = distribution(this.values);
    return { ...sampled, count: this.seen, max: this.seen === 0 ? Number.NaN : this.maxSeen };
  }
}
