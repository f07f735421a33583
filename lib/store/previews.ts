import { previewSchema, previewSummary, type Preview, type PreviewSummary } from "../protocol/preview";
import type { Store } from "./client";
import type { Command } from "./generated/client.ts";
import { findLatestPerHost } from "./latest-per-host";

/** A preview command's stored Preview, or null when it has none (or it is unreadable). */
function storedPreview(row: Pick<Command, "preview">): Preview | null {
  if (row.preview === null) return null;
  try {
    const parsed = previewSchema.safeParse(JSON.parse(row.preview));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Each host's latest successful preview, for the fleet at start. */
export async function findLatestPreviews(store: Store): Promise<{ host: string; summary: PreviewSummary }[]> {
  const rows = await findLatestPerHost(store, { type: "preview", state: "succeeded", preview: { not: null } });
  return rows.flatMap((row) => {
    const preview = storedPreview(row);
    return preview && row.finishedAt ? [{ host: row.hostName, summary: previewSummary(row.id, row.finishedAt.getTime(), preview) }] : [];
  });
}

/** A command's stored preview with the host it ran on; null when the command has none. */
export async function findPreview(
  store: Store,
  commandId: string,
): Promise<{ hostName: string; finishedAt: number | null; preview: Preview } | null> {
  const row = await store.command.findUnique({ where: { id: commandId }, select: { hostName: true, finishedAt: true, preview: true } });
  const preview = row && storedPreview(row);
  return row && preview ? { hostName: row.hostName, finishedAt: row.finishedAt?.getTime() ?? null, preview } : null;
}
