// `npm start`: builds when the sources are newer than the build, then runs the production server.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const SOURCES = ["app", "components", "lib", "server.ts", "package.json", "next.config.mjs", "prisma/schema.prisma"];
const SKIP = new Set(["node_modules", "generated", "generated-pg", ".next"]);

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const child of readdirSync(entry)) {
    if (!SKIP.has(child)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

const built = "dist/server.mjs";
const buildTime = existsSync(built) && existsSync(".next/BUILD_ID") ? statSync(built).mtimeMs : 0;
if (buildTime < Math.max(...SOURCES.map(newestMtime))) {
  console.log("nixfleet: building the dashboard (once, about a minute)…");
  const result = spawnSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

await import(pathToFileURL(path.resolve(built)).href);
