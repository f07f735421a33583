// Copies what the production dashboard runs into one directory (the container's /app), after
// `node scripts/build.mjs`: the build output and only the files of node_modules that it loads.
//
//   node scripts/runtime-files.mjs OUT_DIR
//
// node_modules is several hundred megabytes, most of it build tools (SWC, Tailwind, TypeScript,
// esbuild) and code Next bundled into .next already. What the server loads is traced the way
// Next's standalone output is: Next's own traces (.next/**/*.nft.json, written by `next build`)
// for the pages and its server, and @vercel/nft (the tracer Next ships) for dist/server.mjs and
// for what `prisma migrate deploy` loads at start (the CLI, prisma.config.ts's adapters).
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const outDir = process.argv[2];
if (!outDir) {
  console.error("usage: node scripts/runtime-files.mjs OUT_DIR");
  process.exit(2);
}
const root = process.cwd();
const require = createRequire(path.join(root, "package.json"));
const { nodeFileTrace } = require("next/dist/compiled/@vercel/nft");

/** Copied as they are: the build output, the migrations and what prisma.config.ts reads. */
const APP_FILES = ["package.json", "prisma.config.ts", "prisma", "dist", ".next", "lib/store/postgres-adapter.ts"];
/** Loaded by paths the tracer cannot follow (the Prisma CLI's WASM engines): copied whole. */
const WHOLE_DIRS = ["node_modules/prisma", "node_modules/@prisma/config"];

/**
 * The packages Next aliases with a require hook when it loads next.config (the custom server
 * does; Next's own standalone server passes its config inline and never needs them): their names
 * are only strings in next/dist/server/config-utils.js, so the tracer does not see them.
 */
function nextHookAliasDirs() {
  const source = readFileSync(require.resolve("next/dist/server/config-utils.js"), "utf8");
  const dirs = new Set();
  for (const [, name] of source.matchAll(/'next\/dist\/compiled\/((?:@[^/']+\/)?[^/']+)/g)) {
    dirs.add(`node_modules/next/dist/compiled/${name}`);
  }
  return [...dirs];
}
/**
 * Traced (or copied whole) but never loaded by this server, left out by path:
 * - source maps: read by debuggers and --enable-source-maps only;
 * - Next's development runtimes (with NODE_ENV=production it loads the `.prod` ones) and the
 *   documentation it ships;
 * - Prisma's engines for the databases NixFleet does not use (it uses SQLite and PostgreSQL), the
 *   query engines (the generated client runs the query compiler: engineType "client"; the CLI only
 *   runs `migrate deploy`, with the schema engine) and the CLI's copy of the client for `generate`;
 * - sharp and its libvips (@img): Next's image optimisation, which the dashboard does not use;
 * - TypeScript: Next loads it to check types and read a next.config.ts, both at build time.
 */
const NOT_LOADED = [
  /\.map$/,
  /\.runtime\.dev\.js$/,
  /^node_modules\/next\/dist\/docs\//,
  /\.(mysql|cockroachdb|sqlserver)\./,
  /^node_modules\/(@prisma\/client\/runtime|prisma\/build)\/query_engine_bg\./,
  /^node_modules\/prisma\/prisma-client\//,
  /^node_modules\/(sharp|@img)\//,
  /^node_modules\/typescript\//,
];

function walk(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(root, ".next", "cache")) walk(full, found);
    } else found.push(full);
  }
  return found;
}

const needed = new Set();
for (const trace of walk(path.join(root, ".next")).filter((file) => file.endsWith(".nft.json"))) {
  const { files } = JSON.parse(readFileSync(trace, "utf8"));
  for (const file of files) needed.add(path.resolve(path.dirname(trace), file));
}

const entries = [
  path.join(root, "dist", "server.mjs"),
  require.resolve("prisma/build/index.js"),
  require.resolve("@prisma/adapter-better-sqlite3"),
  require.resolve("@prisma/adapter-pg"),
  require.resolve("pg"),
];
const traced = await nodeFileTrace(entries, { base: root, processCwd: root });
for (const file of traced.fileList) needed.add(path.join(root, file));
for (const dir of [...WHOLE_DIRS, ...nextHookAliasDirs()]) needed.add(path.join(root, dir));

let bytes = 0;
const skipped = (file) => {
  const relative = path.relative(root, file);
  return relative === path.join(".next", "cache") || NOT_LOADED.some((pattern) => pattern.test(relative));
};
// Symlinks stay symlinks: .next/node_modules links Next's hashed names of external packages to
// node_modules, which is copied on its own.
const copy = (source) => {
  const relative = path.relative(root, source);
  if (relative.startsWith("..") || !existsSync(source) || skipped(source)) return;
  const target = path.join(outDir, relative);
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(source, target, { recursive: true, verbatimSymlinks: true, filter: (from) => !skipped(from) });
};
for (const file of APP_FILES) copy(path.join(root, file));
for (const file of needed) if (path.relative(root, file).startsWith("node_modules")) copy(file);
for (const file of walk(outDir)) bytes += statSync(file).size;
console.log(`runtime-files: ${(bytes / 1e6).toFixed(0)} MB in ${outDir}`);
