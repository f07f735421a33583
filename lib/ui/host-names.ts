const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Host names in the order the table shows them: natural order, so web-2 comes before web-10. */
export function compareHostNames(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
