/** The rows of a long list that are in the document, as the half-open range [start, end). */
export interface RowWindow {
  start: number;
  end: number;
}

export interface RowWindowInput {
  count: number;
  /** Height of one row in CSS pixels (rows of a windowed list are drawn at one height). */
  rowHeight: number;
  /** Top of the list's first row, relative to the top of the viewport (negative once scrolled past). */
  listTop: number;
  viewportHeight: number;
  /** Rows this far above and below the viewport are drawn too, so a scroll never shows a blank. */
  overscanPx: number;
}

/** Which rows are within `overscanPx` of the viewport; at least one screenful from the top while nothing is known. */
export function rowWindow({ count, rowHeight, listTop, viewportHeight, overscanPx }: RowWindowInput): RowWindow {
  const height = Math.max(1, rowHeight);
  const start = clamp(Math.floor((-listTop - overscanPx) / height), 0, count);
  const end = clamp(Math.ceil((viewportHeight - listTop + overscanPx) / height), start, count);
  return { start, end };
}

export function sameRowWindow(a: RowWindow, b: RowWindow): boolean {
  return a.start === b.start && a.end === b.end;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
