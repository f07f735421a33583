import { describe, expect, it } from "vitest";
import {
  commandOutputSchema,
  heartbeatMessageSchema,
  parseMessage,
  registerMessageSchema,
  registeredPlatform,
  type RegisterMessage,
} from "./index";

const status = {
  headCommit: "a".repeat(40),
  lockHash: "b".repeat(64),
  lockModifiedAt: 1_700_000_000,
  currentSystem: "/nix/store/" + "c".repeat(32) + "-nixos-system-web-1-24.05",
  desiredSystem: null,
  uptimeSeconds: 3600,
  runningCommand: null,
  desiredSystemEvaluating: false,
  desiredSystemError: null,
};

const register: RegisterMessage = {
  hostname: "web-1",
  platform: "nixos",
  osVersion: "24.05",
  nixpkgsVersion: "24.05.20240601",
  agentVersion: "0.1.0",
  location: "cloud",
  deviceType: "server",
  themeColor: "#769ff0",
  repoUrl: "https://github.com/example/nixcfg",
  repoDir: "/var/lib/nixfleet-agent/repo",
  status,
};

describe("agent messages", () => {
  it("accepts a well-formed registration", () => {
    expect(parseMessage(registerMessageSchema, register)).toEqual({ ok: true, value: register });
  });

  it.each([
    ["a host name carrying markup", { hostname: "<script>alert(1)</script>" }, /hostname: host name/],
    ["a theme colour carrying CSS", { themeColor: "red;background:url(x)" }, /themeColor: theme colour/],
    ["an unknown location", { location: "moon" }, /location/],
    ["an unknown device type", { deviceType: "toaster" }, /deviceType/],
    ["an unknown platform", { platform: "windows" }, /platform/],
    ["text with control characters", { osVersion: "24.05\u001b[31m" }, /osVersion: text: no control characters/],
    ["an oversized text field", { repoUrl: "x".repeat(201) }, /repoUrl/],
  ])("refuses %s with a message naming the field", (_name, override, message) => {
    const parsed = parseMessage(registerMessageSchema, { ...register, ...override });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });

  it("reads darwin from an agent that knows three platforms as nix-darwin, from an older agent as Home Manager on macOS", () => {
    expect(registeredPlatform({ ...register, platform: "darwin", platformNames: 2 })).toBe("darwin");
    expect(registeredPlatform({ ...register, platform: "darwin" })).toBe("home-manager");
    expect(registeredPlatform({ ...register, platform: "home-manager", platformNames: 2 })).toBe("home-manager");
    expect(registeredPlatform({ ...register, platform: "nixos" })).toBe("nixos");
  });

  it("accepts where the repository URL came from, and only the known sources", () => {
    expect(parseMessage(registerMessageSchema, { ...register, repoUrlSource: "fleet-target" }).ok).toBe(true);
    const parsed = parseMessage(registerMessageSchema, { ...register, repoUrlSource: "guess" });
    expect(!parsed.ok && parsed.error).toMatch(/repoUrlSource/);
  });

  it("accepts tags, and a registration without them (older agents); refuses a tag that is not a short word", () => {
    expect(parseMessage(registerMessageSchema, { ...register, tags: ["canary", "eu-west"] }).ok).toBe(true);
    expect(parseMessage(registerMessageSchema, register).ok).toBe(true);
    const parsed = parseMessage(registerMessageSchema, { ...register, tags: ["<b>"] });
    expect(!parsed.ok && parsed.error).toMatch(/tags\.0: tag/);
  });

  it("refuses a heartbeat whose commit is not a full SHA", () => {
    const parsed = parseMessage(heartbeatMessageSchema, { status: { ...status, headCommit: "abc1234" } });
    expect(!parsed.ok && parsed.error).toMatch(/status.headCommit: commit: a full 40-character SHA-1/);
  });

  it.each([null, undefined, 42, "register", [], { status: "x" }])("refuses a malformed payload %j", (payload) => {
    expect(parseMessage(heartbeatMessageSchema, payload).ok).toBe(false);
  });

  it("refuses output with a gap-free seq that is not positive, or too many chunks", () => {
    const commandId = "0b7c9b5e-8a41-4c55-9b55-6f1f3a9c8e21";
    expect(parseMessage(commandOutputSchema, { commandId, chunks: [{ seq: 0, stream: "stdout", line: "x" }] }).ok).toBe(false);
    const chunks = Array.from({ length: 501 }, (_, i) => ({ seq: i + 1, stream: "stdout", line: "x" }));
    expect(parseMessage(commandOutputSchema, { commandId, chunks }).ok).toBe(false);
    expect(parseMessage(commandOutputSchema, { commandId, chunks: chunks.slice(0, 500) }).ok).toBe(true);
  });
});
