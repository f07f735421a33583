// One source of truth for the store's schema: prisma/schema.prisma (SQLite, the embedded default).
// A Prisma schema names one provider, so PostgreSQL gets its own schema and migrations folder,
// generated from the SQLite one (same models; only the provider and the client's folder differ).
//
//   npm run db:schemas                  writes prisma/postgresql/schema.prisma from prisma/schema.prisma
//   npm run db:schemas -- --check       exits 1 when the committed PostgreSQL schema is stale (a unit test runs it)
//   npm run db:migration -- <name>      after editing prisma/schema.prisma: regenerates the PostgreSQL schema,
//                                       then writes the next migration for BOTH providers,
//                                         prisma/migrations/<stamp>_<name>/migration.sql
//                                         prisma/postgresql/migrations/<stamp>_<name>/migration.sql
//                                       each `prisma migrate diff` from the schema at HEAD to the current one
//                                       (`-- --from <git-ref>` diffs from another commit). Review both, commit both.
//
// `migrate diff --from-schema-datamodel` needs no database, so this works offline and without PostgreSQL.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const SQLITE_SCHEMA = "prisma/schema.prisma";
const POSTGRES_SCHEMA = "prisma/postgresql/schema.prisma";
const MIGRATION_DIRS = { sqlite: "prisma/migrations", postgresql: "prisma/postgresql/migrations" };
const HEADER =
  "// GENERATED from prisma/schema.prisma by `npm run db:schemas`: do not edit. Change the models there.\n" +
  "// The PostgreSQL schema: same models, its own client folder and migrations (prisma/postgresql/migrations).\n";

/** The PostgreSQL schema for a SQLite schema's text: provider and client output change, nothing else. */
export function postgresSchemaFrom(sqlite) {
  let provider = 0;
  let output = 0;
  const text = sqlite
    .replace(/^(\/\/.*\n)+/, "") // the source's own header
    .replace(/^(\s*provider\s*=\s*)"sqlite"/m, (_, lead) => (provider++, `${lead}"postgresql"`))
    .replace(/^(\s*output\s*=\s*)"\.\.\/lib\/store\/generated"/m, (_, lead) => (output++, `${lead}"../../lib/store/generated-pg"`));
  if (provider !== 1 || output !== 1) {
    throw new Error(`${SQLITE_SCHEMA}: expected one provider = "sqlite" and one output = "../lib/store/generated"`);
  }
  return HEADER + text;
}

function writePostgresSchema() {
  const text = postgresSchemaFrom(readFileSync(path.join(ROOT, SQLITE_SCHEMA), "utf8"));
  mkdirSync(path.dirname(path.join(ROOT, POSTGRES_SCHEMA)), { recursive: true });
  writeFileSync(path.join(ROOT, POSTGRES_SCHEMA), text);
}

function checkPostgresSchema() {
  const expected = postgresSchemaFrom(readFileSync(path.join(ROOT, SQLITE_SCHEMA), "utf8"));
  const actual = existsSync(path.join(ROOT, POSTGRES_SCHEMA)) ? readFileSync(path.join(ROOT, POSTGRES_SCHEMA), "utf8") : "";
  if (actual !== expected) {
    console.error(`${POSTGRES_SCHEMA} is stale: run \`npm run db:schemas\` and commit it`);
    process.exit(1);
  }
}

/** A migration folder's stamp: now, or one second after the newest existing one, so it always sorts last. */
function nextStamp() {
  const format = (date) => date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  let stamp = format(new Date());
  for (const dir of Object.values(MIGRATION_DIRS)) {
    if (!existsSync(path.join(ROOT, dir))) continue;
    for (const entry of readdirSync(path.join(ROOT, dir))) {
      const existing = /^(\d{14})_/.exec(entry)?.[1];
      if (existing && existing >= stamp) {
        const date = new Date(
          `${existing.slice(0, 4)}-${existing.slice(4, 6)}-${existing.slice(6, 8)}T${existing.slice(8, 10)}:${existing.slice(10, 12)}:${existing.slice(12, 14)}Z`,
        );
        stamp = format(new Date(date.getTime() + 1000));
      }
    }
  }
  return stamp;
}

function migrateDiff(from, to) {
  const cli = path.join(ROOT, "node_modules", "prisma", "build", "index.js");
  const result = spawnSync(
    process.execPath,
    [cli, "migrate", "diff", "--from-schema-datamodel", from, "--to-schema-datamodel", to, "--script"],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" } },
  );
  if (result.status !== 0) throw new Error(`prisma migrate diff failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function writeMigration(name, fromRef) {
  if (!/^[a-z0-9_]+$/.test(name ?? "")) throw new Error("usage: npm run db:migration -- <name> (lowercase letters, digits, _)");
  writePostgresSchema();
  const previousSqlite = execFileSync("git", ["show", `${fromRef}:${SQLITE_SCHEMA}`], { cwd: ROOT, encoding: "utf8" });
  const scratch = mkdtempSync(path.join(tmpdir(), "nixfleet-migration-"));
  try {
    const previous = {
      sqlite: path.join(scratch, "sqlite.prisma"),
      postgresql: path.join(scratch, "postgresql.prisma"),
    };
    writeFileSync(previous.sqlite, previousSqlite);
    writeFileSync(previous.postgresql, postgresSchemaFrom(previousSqlite));
    const current = { sqlite: path.join(ROOT, SQLITE_SCHEMA), postgresql: path.join(ROOT, POSTGRES_SCHEMA) };
    const scripts = { sqlite: migrateDiff(previous.sqlite, current.sqlite), postgresql: migrateDiff(previous.postgresql, current.postgresql) };
    if (Object.values(scripts).every((sql) => !/^\s*[A-Z]/m.test(sql))) {
      throw new Error(`${SQLITE_SCHEMA} has no model change since ${fromRef}: no migration written`);
    }
    const stamp = nextStamp();
    for (const provider of ["sqlite", "postgresql"]) {
      const dir = path.join(ROOT, MIGRATION_DIRS[provider], `${stamp}_${name}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, "migration.sql"), scripts[provider]);
      console.log(`wrote ${path.relative(ROOT, dir)}/migration.sql`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const [command, ...args] = process.argv.slice(2);
try {
  if (command === "migration") {
    const fromIndex = args.indexOf("--from");
    const fromRef = fromIndex >= 0 ? args.splice(fromIndex, 2)[1] : "HEAD";
    writeMigration(args[0], fromRef ?? "HEAD");
  } else if (command === "--check") {
    checkPostgresSchema();
  } else if (command === undefined) {
    writePostgresSchema();
    console.log(`wrote ${POSTGRES_SCHEMA}`);
  } else {
    throw new Error(`unknown argument ${command}: expected none, --check or migration <name>`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
