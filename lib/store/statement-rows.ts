/**
 * Prisma refuses a statement with more than 999 bound values on SQLite (PostgreSQL allows 32,767), so
 * statements over many rows are cut into pieces of this many rows (at most two values each).
 */
export const ROWS_PER_STATEMENT = 400;

export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
