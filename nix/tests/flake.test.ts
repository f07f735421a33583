import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { evalCase, makeStubRoot, parseNixFile, repoRoot } from "./tools";

const stubRoot = makeStubRoot([]);
afterAll(() => rmSync(stubRoot, { recursive: true, force: true }));

function nixFiles(): string[] {
  const found = [path.join(repoRoot, "flake.nix")];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".nix")) found.push(full);
    }
  };
  walk(path.join(repoRoot, "nix"));
  return found;
}

const packageArgsSchema = z.object({
  name: z.string(),
  args: z.record(z.string(), z.unknown()),
  nodejs: z.string(),
  npmConfigHookNodejs: z.string().nullable(),
});
const flakeSchema = z.object({
  description: z.string(),
  inputs: z.record(z.string(), z.string().nullable()),
  outputNames: z.array(z.string()),
  packages: z.record(z.string(), z.array(z.string())),
  checks: z.record(z.string(), z.array(z.string())),
  nixosModules: z.array(z.string()),
  homeManagerModules: z.array(z.string()),
  darwinModules: z.array(z.string()),
  devShells: z.record(z.string(), z.record(z.string(), z.object({ packages: z.array(z.string()), env: z.record(z.string(), z.string()) }))),
  overlay: z.array(z.string()),
  agent: packageArgsSchema,
  dashboard: packageArgsSchema,
  npmDepsResolved: z.number(),
  vmTestNodes: z.array(z.string()),
  vmTestSwitchEnabled: z.boolean().nullable(),
  agentExecStartViaFlake: z.string(),
});

const lockEntrySchema = z.object({
  resolved: z.string().nullable(),
  version: z.string().nullable(),
  name: z.string().nullable(),
  integrity: z.string().nullable(),
  link: z.boolean(),
});

// nixpkgs 26.11 dropped x86_64-darwin; the stand-in nixpkgs has no packages for it either.
const SYSTEMS = ["aarch64-darwin", "aarch64-linux", "x86_64-linux"];
// The stand-in nixpkgs' default Node (nix/tests/eval.nix); nodejs_20 is gone from nixpkgs and from it.
const NODEJS = "nodejs-24.11.1";
const version = z.object({ version: z.string() }).parse(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"))).version;

describe("the Nix files", () => {
  it.each(nixFiles().map((file) => [path.relative(repoRoot, file)]))("%s parses", (file) => {
    const result = parseNixFile(path.join(repoRoot, file));
    expect(result.stderr).toBe("");
    expect(result.ok).toBe(true);
  });
});

describe("flake.nix, evaluated with a stand-in nixpkgs", () => {
  const flake = () => evalCase(flakeSchema, { kind: "flake", stubRoot, settings: { enable: true, url: "wss://f.example", tokenFile: "/t", repoUrl: "https://x/y.git" } });

  it("follows nixpkgs and exposes packages, modules, an overlay and checks", () => {
    const outputs = flake();
    expect(outputs.inputs).toEqual({ nixpkgs: "github:NixOS/nixpkgs/nixos-unstable" });
    expect(outputs.outputNames).toEqual(["checks", "darwinModules", "devShells", "homeManagerModules", "nixosModules", "overlays", "packages"]);
    expect(Object.keys(outputs.packages)).toEqual(SYSTEMS);
    for (const system of SYSTEMS) expect(outputs.packages[system]).toEqual(["default", "nixfleet-agent", "nixfleet-dashboard"]);
    expect(outputs.nixosModules).toEqual(["default", "nixfleet-agent", "nixfleet-dashboard"]);
    expect(outputs.homeManagerModules).toEqual(["default", "nixfleet-agent"]);
    expect(outputs.darwinModules).toEqual(["default", "nixfleet-agent"]);
    expect(outputs.overlay).toEqual(["nixfleet-agent", "nixfleet-dashboard"]);
  });

  it("checks both packages everywhere and runs the NixOS VM test on Linux", () => {
    const { checks, vmTestNodes } = flake();
    expect(checks["x86_64-linux"]).toEqual(["nixfleet-agent", "nixfleet-dashboard", "nixos-vm"]);
    expect(checks["aarch64-darwin"]).toEqual(["nixfleet-agent", "nixfleet-dashboard"]);
    expect(vmTestNodes).toEqual(["machine"]);
    // switch-to-configuration, which the test's last step runs, exists only when asked for.
    expect(flake().vmTestSwitchEnabled).toBe(true);
  });

  it("builds and runs both packages with nixpkgs' default Node, native modules compiled for that same Node", () => {
    const { agent, dashboard } = flake();
    for (const built of [agent, dashboard]) {
      expect(built.nodejs, built.name).toBe(NODEJS);
      expect(built.npmConfigHookNodejs, built.name).toBe(NODEJS);
    }
    expect(dashboard.args.installPhase).toContain(`makeWrapper ${stubRoot}/${NODEJS}/bin/node $out/bin/nixfleet-dashboard`);
    expect(agent.args.installPhase).toContain(`makeWrapper ${stubRoot}/${NODEJS}/bin/node $out/bin/nixfleet-agent`);
  });

  it("checks after installing that the dashboard's Node loads better-sqlite3, and ships only its compiled module", () => {
    const { dashboard } = flake();
    expect(dashboard.args.doInstallCheck).toBe(true);
    const check = String(dashboard.args.installCheckPhase);
    expect(check).toContain(`${stubRoot}/${NODEJS}/bin/node`);
    expect(check).toContain("node_modules/better-sqlite3");
    expect(check).toContain(":memory:");
    const install = String(dashboard.args.installPhase);
    expect(install).toContain("build/Release/better_sqlite3.node");
    expect(install).toMatch(/rm -rf "?\$sqlite\/build"?/);
  });

  it("lets Next's build use loopback in the macOS sandbox", () => {
    expect(flake().dashboard.args.__darwinAllowLocalNetworking).toBe(true);
  });

  it("has a development shell with Node, the Prisma CLI's needs and git, and chromium for e2e on Linux", () => {
    const { devShells } = flake();
    expect(Object.keys(devShells)).toEqual(SYSTEMS);
    const linux = devShells["x86_64-linux"]?.default;
    const mac = devShells["aarch64-darwin"]?.default;
    for (const needed of [NODEJS, "git", "openssl", "python3"]) {
      expect(linux?.packages, needed).toContain(needed);
      expect(mac?.packages, needed).toContain(needed);
    }
    expect(linux?.packages).toContain("chromium");
    expect(mac?.packages).not.toContain("chromium");
    expect(linux?.env.CHROMIUM_PATH).toBe(`${stubRoot}/chromium/bin/chromium`);
    expect(linux?.env.npm_config_nodedir).toBe(`${stubRoot}/${NODEJS}`);
  });

  it("builds the agent with nixpkgs' Node tooling from agent/build.mjs's bundle, at the package.json version", () => {
    const { agent } = flake();
    expect(agent.name).toBe(`nixfleet-agent-${version}`);
    expect(agent.args.pname).toBe("nixfleet-agent");
    expect(agent.args.version).toBe(version);
    expect(agent.args.buildPhase).toContain("node agent/build.mjs --skip-pkg");
    expect(agent.args.installPhase).toContain("$out/bin/nixfleet-agent");
    expect(agent.args.npmRebuildFlags).toEqual(["--ignore-scripts"]);
  });

  it("runs the agent with the V8 flags for a small heap that the single executable has baked in", () => {
    const flags = z.array(z.string()).parse(JSON.parse(readFileSync(path.join(repoRoot, "agent", "node-flags.json"), "utf8")));
    expect(flags).toContain("--lite-mode");
    expect(flake().agent.args.installPhase).toContain(`--add-flags "${flags.join(" ")} $out/lib/nixfleet-agent/nixfleet-agent.cjs"`);
  });

  it("starts the dashboard with its V8 flags, as `npm start` and the container do", () => {
    const flags = z.array(z.string()).min(1).parse(JSON.parse(readFileSync(path.join(repoRoot, "scripts", "dashboard-node-flags.json"), "utf8")));
    expect(flake().dashboard.args.installPhase).toContain(`--add-flags "${flags.join(" ")} $app/dist/server.mjs"`);
    const start = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")));
    expect(start.scripts.start).toBe(`node ${flags.join(" ")} scripts/start.mjs`);
    expect(readFileSync(path.join(repoRoot, "Dockerfile"), "utf8")).toContain(`CMD ${JSON.stringify(["node", ...flags, "dist/server.mjs"]).replaceAll(",", ", ")}`);
  });

  it("builds the dashboard with `npm run build` and installs dist/server.mjs with production dependencies", () => {
    const { dashboard } = flake();
    expect(dashboard.name).toBe(`nixfleet-dashboard-${version}`);
    expect(dashboard.args.npmBuildScript).toBe("build");
    expect(dashboard.args.preBuild).toContain("npm rebuild better-sqlite3");
    expect(dashboard.args.installPhase).toContain("npm prune --omit=dev");
    expect(dashboard.args.installPhase).toContain("dist/server.mjs");
    expect(dashboard.args.installPhase).toContain("$out/bin/nixfleet-dashboard");
  });

  it("gives importNpmLock a URL for every locked registry package", () => {
    const lock = z.record(z.string(), lockEntrySchema).parse(evalCase(z.unknown(), { kind: "npm-lock" }));
    const fromRegistry = Object.entries(lock).filter(([key, entry]) => key !== "" && !entry.link && entry.integrity !== null);
    expect(fromRegistry.length).toBeGreaterThan(100);
    expect(flake().npmDepsResolved).toBe(fromRegistry.length);
  });

  it("has its modules default to the flake's own packages", () => {
    expect(flake().agentExecStartViaFlake).toMatch(new RegExp(`^"${stubRoot}/nixfleet-agent-${version.replace(/\./g, "\\.")}/bin/nixfleet-agent" `));
  });
});

describe("nix/packages/npm-lock.nix", () => {
  const lock = () => z.record(z.string(), lockEntrySchema).parse(evalCase(z.unknown(), { kind: "npm-lock" }));

  it("puts back the registry URL npm left out of package-lock.json, for plain, scoped and nested packages", () => {
    const entries = lock();
    for (const [key, entry] of Object.entries(entries)) {
      if (key === "" || entry.link || entry.integrity === null) {
        expect(entry.resolved, key).toBeNull();
        continue;
      }
      const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
      const baseName = name.slice(name.lastIndexOf("/") + 1);
      expect(entry.resolved, key).toBe(`https://registry.npmjs.org/${name}/-/${baseName}-${entry.version ?? ""}.tgz`);
    }
    const prisma = entries["node_modules/@prisma/client"];
    expect(prisma?.resolved).toBe(`https://registry.npmjs.org/@prisma/client/-/client-${prisma?.version ?? ""}.tgz`);
    const next = entries["node_modules/next"];
    expect(next?.resolved).toBe(`https://registry.npmjs.org/next/-/next-${next?.version ?? ""}.tgz`);
  });
});
