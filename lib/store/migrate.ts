import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { checkPostgresReachable, isPostgresUrl, parsePostgresUrl } from "./postgres-adapter";

/**
 * Applies the committed migrations with Prisma's own CLI (its WASM schema engine, see
 * prisma.config.ts), so the dashboard and `prisma migrate deploy` agree on what was applied. The URL
 * picks the provider's migrations: prisma/migrations (SQLite) or prisma/postgresql/migrations.
 */
export async function applyMigrations(databaseUrl: string, appDir: string): Promise<void> {
  if (isPostgresUrl(databaseUrl)) {
    // The CLI's own report of an unreachable server is a page of engine trace: say it in one line first.
    await checkPostgresReachable(parsePostgresUrl(databaseUrl));
  } else if (databaseUrl.startsWith("file:")) {
    mkdirSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true });
  }
  const require = createRequire(path.join(appDir, "package.json"));
  const prismaCli = require.resolve("prisma/build/index.js");
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, "migrate", "deploy"], {
      cwd: appDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (data: Buffer) => output.push(data.toString()));
    child.stderr.on("data", (data: Buffer) => output.push(data.toString()));
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) {
    const detail = output.join("").trim().split("\n").filter(Boolean).slice(-5).join(" | ");
    throw new Error(`database migration failed (exit ${code}): ${detail}`);
  }
}
