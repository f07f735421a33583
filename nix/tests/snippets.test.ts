import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { agentConfigSnippet, hostTokenSnippet } from "../../lib/ui/agent-snippet";
import { agentReads, OTHER_MACHINE } from "./agent-options";
import { evalCase, makeStubRoot, runPython, splitExecStart, unitValue } from "./tools";

const stubRoot = makeStubRoot(["nixfleet-agent"]);
const snippetDir = mkdtempSync(path.join(os.tmpdir(), "nixfleet-snippet-"));
afterAll(() => {
  rmSync(stubRoot, { recursive: true, force: true });
  rmSync(snippetDir, { recursive: true, force: true });
});

/** A snippet pasted into a host's configuration file, as the dashboard tells the user to. */
function asConfigurationFile(name: string, snippet: string): string {
  const file = path.join(snippetDir, `${name}.nix`);
  writeFileSync(file, `{ config, ... }:\n{\n${snippet}\n}\n`);
  return file;
}

const nixosSchema = z.object({ unit: z.string().nullable() });
const darwinSchema = z.object({ plist: z.string().nullable() });

function nixosArgv(file: string): string[] {
  const unit = evalCase(nixosSchema, { kind: "nixos-agent", stubRoot, userModules: [file] }).unit ?? "";
  return splitExecStart(unitValue(unit, "Service", "ExecStart") ?? "", { d: "/run/credentials/nixfleet-agent.service" });
}

function darwinArgv(file: string): string[] {
  const plist = evalCase(darwinSchema, { kind: "darwin-agent", stubRoot, system: "aarch64-darwin", userModules: [file] }).plist ?? "";
  const parsed = runPython("import json, plistlib, sys\nprint(json.dumps(plistlib.loads(sys.stdin.buffer.read())['ProgramArguments']))", [], plist);
  if (!parsed.ok) throw new Error(parsed.stderr);
  return z.array(z.string()).parse(JSON.parse(parsed.stdout));
}

describe("the token page's snippet, pasted into a NixOS configuration", () => {
  const file = asConfigurationFile("token-page", hostTokenSnippet("web-1", "https://fleet.example.com"));

  it("evaluates and gives the agent the dashboard, the agenix token, the repository and the host's flake attribute", () => {
    // The agent reads a wss:// dashboard URL as https:// (socket.io's own form).
    expect(agentReads(nixosArgv(file))).toMatchObject({
      url: "https://fleet.example.com",
      isolatedRepoMode: true,
      repoUrl: "https://github.com/you/nixcfg.git",
      hostname: "web-1",
    });
  });
});

describe("the empty fleet page's snippet", () => {
  const file = asConfigurationFile("empty-state", agentConfigSnippet("https://fleet.example.com"));

  it("evaluates in a NixOS configuration, with the repository to clone", () => {
    expect(agentReads(nixosArgv(file))).toMatchObject({
      url: "https://fleet.example.com",
      isolatedRepoMode: true,
      repoUrl: "https://github.com/you/nixcfg.git",
    });
  });

  it("evaluates in a nix-darwin configuration", () => {
    const mac = { ...OTHER_MACHINE, osPlatform: "darwin" as const };
    expect(agentReads(darwinArgv(file), mac)).toMatchObject({ repoUrl: "https://github.com/you/nixcfg.git", platform: "darwin" });
  });
});
