import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// The JS schema engine runs migrations through the driver adapter, so no engine binary is downloaded.
// A default URL keeps the CLI from falling back to the native engine when none is set.
const url = process.env.DATABASE_URL ?? `file:${path.resolve("data", "nixfleet.db")}`;
process.env.DATABASE_URL = url;

// A schema names one provider: PostgreSQL has its own schema (generated from prisma/schema.prisma by
// `npm run db:schemas`) and its own migrations folder.
const postgres = /^postgres(ql)?:\/\//.test(url);
const prismaDir = postgres ? path.join("prisma", "postgresql") : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(prismaDir, "schema.prisma"),
  migrations: { path: path.join(prismaDir, "migrations") },
  async adapter() {
    if (!postgres) return new PrismaBetterSQLite3({ url });
    // Imported only for PostgreSQL, so SQLite-only installs need nothing beyond prisma/ and this file.
    const { createPostgresMigrationAdapter, parsePostgresUrl } = await import("./lib/store/postgres-adapter.ts");
    return createPostgresMigrationAdapter(parsePostgresUrl(url));
  },
});
