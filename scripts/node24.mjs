// Runs the unit tests under Node 24 (the Node of today's nixpkgs and of the container image) next
// to the machine's own Node, so that a Node-specific break shows in `npm test`.
//
//   node scripts/node24.mjs [vitest arguments…]
//
// Everything comes from the npm registry and is cached outside the repository, in
// $XDG_CACHE_HOME/nixfleet (default ~/.cache/nixfleet), fetched only when missing:
// - Node itself: the `node-linux-<arch>` package (bin/node, and include/node with its headers);
// - better-sqlite3 compiled for Node 24's ABI, with node-gyp (the one npm ships) against those
//   headers, from the sources of the installed better-sqlite3 (its prebuilt binaries come from
//   GitHub, which is not reachable everywhere). node_modules keeps the Node 20 build: the tests
//   get the Node 24 one through a module hook (scripts/node24-hook.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const NODE_VERSION = "24.22.3";
const root = path.resolve(import.meta.dirname, "..");
const cacheDir = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "nixfleet");
const arch = { x64: "x64", arm64: "arm64" }[process.arch];
if (process.platform !== "linux" || arch === undefined) {
  console.error(`node24: Node ${NODE_VERSION} from npm is published for Linux x64 and arm64, not ${process.platform}-${process.arch}`);
  process.exit(2);
}

const log = (message) => console.log(`node24: ${message}`);
const run = (command, args, options = {}) => {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`);
};

/** Node from the npm registry, unpacked once: <cache>/node-v<version>-linux-<arch>/{bin,include}. */
function ensureNode() {
  const dir = path.join(cacheDir, `node-v${NODE_VERSION}-linux-${arch}`);
  if (existsSync(path.join(dir, "bin", "node"))) return dir;
  log(`fetching node-linux-${arch}@${NODE_VERSION} from the npm registry`);
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(cacheDir, "fetch-"));
  try {
    run("npm", ["pack", "--silent", `node-linux-${arch}@${NODE_VERSION}`, "--pack-destination", work], { stdio: ["ignore", "ignore", "inherit"] });
    run("tar", ["-xzf", path.join(work, `node-linux-${arch}-${NODE_VERSION}.tgz`), "-C", work]);
    renameSync(path.join(work, "package"), dir);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return dir;
}

/** better-sqlite3's native module for this Node's ABI, compiled once per better-sqlite3 version. */
function ensureBetterSqlite3(nodeDir) {
  const node = path.join(nodeDir, "bin", "node");
  const abi = execFileSync(node, ["-p", "process.versions.modules"], { encoding: "utf8" }).trim();
  const source = path.join(root, "node_modules", "better-sqlite3");
  const { version } = JSON.parse(readFileSync(path.join(source, "package.json"), "utf8"));
  const binary = path.join(cacheDir, `better-sqlite3-${version}-node-abi${abi}-linux-${arch}.node`);
  if (existsSync(binary)) return binary;

  const npmRoot = execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim();
  const nodeGyp = path.join(npmRoot, "npm", "node_modules", "node-gyp", "bin", "node-gyp.js");
  if (!existsSync(nodeGyp)) throw new Error(`node-gyp is not where npm keeps it (${nodeGyp})`);
  log(`compiling better-sqlite3 ${version} for Node ${NODE_VERSION} (ABI ${abi}); a few minutes, once`);
  const work = mkdtempSync(path.join(cacheDir, "better-sqlite3-"));
  try {
    for (const part of ["package.json", "binding.gyp", "src", "deps"]) cpSync(path.join(source, part), path.join(work, part), { recursive: true });
    run(node, [nodeGyp, "rebuild", "--release", `--nodedir=${nodeDir}`, `--jobs=${Math.max(1, os.availableParallelism() - 1)}`], {
      cwd: work,
      env: { ...process.env, npm_config_nodedir: nodeDir },
      stdio: ["ignore", "ignore", "inherit"],
    });
    renameSync(path.join(work, "build", "Release", "better_sqlite3.node"), binary);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

try {
  const nodeDir = ensureNode();
  const binary = ensureBetterSqlite3(nodeDir);
  const node = path.join(nodeDir, "bin", "node");
  log(`vitest under ${execFileSync(node, ["--version"], { encoding: "utf8" }).trim()}`);
  // nix/ checks Nix files and Dockerfiles with external tools: nothing in it depends on Node's version.
  const args = process.argv.length > 2 ? process.argv.slice(2) : ["--exclude", "nix/**"];
  const hook = path.join(root, "scripts", "node24-hook.mjs");
  const result = spawnSync(node, [path.join(root, "node_modules", "vitest", "vitest.mjs"), "run", ...args], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      PATH: `${path.join(nodeDir, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${hook}`.trim(),
      NIXFLEET_BETTER_SQLITE3_BINARY: binary,
    },
  });
  process.exit(result.status ?? 1);
} catch (error) {
  console.error(`node24: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
