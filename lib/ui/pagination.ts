/** Pages of a paged list, counted from 0 as the API counts them. */
export interface PageInfo {
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last item shown ("21–40 of 95"). */
  from: number;
  to: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export function pageInfo(page: number, pageSize: number, total: number): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(0, Math.floor(page) || 0), pageCount - 1);
  const from = total === 0 ? 0 : current * pageSize + 1;
  const to = Math.min(total, (current + 1) * pageSize);
  return { page: current, pageCount, from, to, total, hasPrevious: current > 0, hasNext: current < pageCount - 1 };
}

/** A page number from a query parameter ("2" → 2; anything else → 0). */
export function parsePage(value: string | string[] | undefined | null): number {
  const raw = Array.isArray(value) ? value[0] : value;
  const page = Number.parseInt(raw ?? "", 10);
  return Number.isFinite(page) && page > 0 ? page : 0;
}
