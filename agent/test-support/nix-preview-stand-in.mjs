// What the real tools print for a preview, computed from the tests' system model (nix-system.ts):
// each system in the model's store may hold `fake-contents.json` ({ packages: [{ name, version,
// size }], units: [{ name, hash, onChange }] }), set by the test with NixSystem.setContents.
//
//   build                 `nixos-rebuild build` / `home-manager build`: ./result → the desired system
//   dry-activate          `nixos-rebuild dry-activate`: the units a switch to the desired system touches,
//                         in switch-to-configuration's words, on stderr
//   diff-closures A B     `nix store diff-closures A B`: nix's lines, one per package that changed
//
// The model's directory is $FAKE_NIX_CONTROL; the desired system is what the fake `nix eval` prints
// (its `desired` file).
import { readFileSync, readlinkSync, rmSync, symlinkSync, existsSync } from "node:fs";
import path from "node:path";

const control = process.env.FAKE_NIX_CONTROL;
if (!control) fail("FAKE_NIX_CONTROL is not set");
const storeRoot = path.join(control, "root");
const real = (storePath) => path.join(storeRoot, storePath);

function fail(message) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}

function contents(storePath) {
  try {
    const parsed = JSON.parse(readFileSync(path.join(real(storePath), "fake-contents.json"), "utf8"));
    return { packages: parsed.packages ?? [], units: parsed.units ?? [] };
  } catch {
    return { packages: [], units: [] };
  }
}

function desired() {
  let storePath;
  try {
    storePath = readFileSync(path.join(control, "desired"), "utf8").trim();
  } catch {
    fail("the flake evaluates to nothing (the test set no desired system)");
  }
  if (!existsSync(real(storePath))) fail(`the model has no system ${storePath}`);
  return storePath;
}

function running() {
  const target = readlinkSync(path.join(control, "current-system"));
  return target.startsWith(storeRoot) ? target.slice(storeRoot.length) : target;
}

function build() {
  const storePath = desired();
  process.stderr.write("building the system configuration...\n");
  rmSync("result", { force: true });
  symlinkSync(real(storePath), "result");
}

function dryActivate() {
  const next = desired();
  process.stderr.write("building the system configuration...\n");
  const before = new Map(contents(running()).units.map((unit) => [unit.name, unit]));
  const after = new Map(contents(next).units.map((unit) => [unit.name, unit]));
  const actions = { stop: [], start: [], restart: [], reload: [] };
  for (const [name] of before) if (!after.has(name)) actions.stop.push(name);
  for (const [name, unit] of after) {
    const old = before.get(name);
    if (!old) actions.start.push(name);
    else if (old.hash !== unit.hash) actions[unit.onChange === "reload" ? "reload" : "restart"].push(name);
  }
  const line = (words, units) => units.length > 0 && process.stderr.write(`${words}: ${units.sort().join(", ")}\n`);
  line("would stop the following units", actions.stop);
  process.stderr.write("would activate the configuration...\n");
  line("would reload the following units", actions.reload);
  line("would restart the following units", actions.restart);
  line("would start the following units", actions.start);
}

function diffClosures(from, to) {
  const before = new Map(contents(from).packages.map((p) => [p.name, p]));
  const after = new Map(contents(to).packages.map((p) => [p.name, p]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const shown = (version) => (version === undefined ? "∅" : version === "" ? "ε" : version);
  for (const name of names) {
    const old = before.get(name);
    const next = after.get(name);
    const items = [];
    if (old?.version !== next?.version) items.push(`${shown(old?.version)} → ${shown(next?.version)}`);
    const delta = (next?.size ?? 0) - (old?.size ?? 0);
    // nix leaves out size changes under 8 KiB.
    if (Math.abs(delta) >= 8 * 1024) items.push(`${delta > 0 ? "+" : ""}${(delta / 1024).toFixed(1)} KiB`);
    if (items.length > 0) process.stdout.write(`${name}: ${items.join(", ")}\n`);
  }
}

const [action, ...args] = process.argv.slice(2);
if (action === "build") build();
else if (action === "dry-activate") dryActivate();
else if (action === "diff-closures") diffClosures(args[0], args[1]);
else fail(`nix-preview-stand-in: unknown action ${action}`);
