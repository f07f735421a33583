/**
 * How many of `names` to render now, as a prefix of the list: every name already on screen costs
 * little (React moves or keeps its row), each new one costs a mount, and at most `budget` new rows
 * are mounted in one go. The rest follow in later steps, so a thousand new rows never block the
 * page in one long task.
 */
export function progressivePrefix(names: readonly string[], mounted: ReadonlySet<string>, budget: number): number {
  let fresh = 0;
  for (let i = 0; i < names.length; i++) {
    if (mounted.has(names[i]!)) continue;
    if (fresh === budget) return i;
    fresh++;
  }
  return names.length;
}
