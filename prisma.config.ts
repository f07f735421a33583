import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

// The JS schema engine runs migrations through the driver adapter, so no engine binary is downloaded.
// A default URL keeps the CLI from falling back to the native engine when none is set.
const url = process.env.DATABASE_URL ?? `file:${path.resolve("data", "nixfleet.db")}`;
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaBetterSQLite3({ url });
  },
});
