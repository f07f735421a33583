import { describe, expect, it } from "vitest";
import { testCommand, testHost } from "../../test-support/host-views";
import type { CommandSummary, HostView, Indicator } from "../protocol/browser";
import { FleetMetrics } from "./fleet-metrics";

const indicator = (letter: Indicator["letter"], color: Indicator["color"]): Indicator => ({ letter, color, label: "", description: "" });

function metricsOf(hosts: HostView[], browsers = 0) {
  return new FleetMetrics({ hosts: () => hosts, browsers: () => browsers }, { processMetrics: false });
}

/** The sample lines of the exposition, without HELP and TYPE. */
async function samples(metrics: FleetMetrics): Promise<string[]> {
  return (await metrics.exposition()).text.split("\n").filter((line) => line && !line.startsWith("#"));
}

const change = (metrics: FleetMetrics, command: Partial<CommandSummary>) =>
  metrics.commandListener.changed({ ...testCommand(command), hostName: "web-1" });

describe("FleetMetrics", () => {
  it("counts hosts by status, platform and indicator colour at scrape time", async () => {
    const hosts = [
      testHost("a", { online: true, platform: "nixos", indicators: [indicator("G", "green"), indicator("T", "red")] }),
      testHost("b", { online: false, platform: "darwin", indicators: [indicator("G", "yellow")] }),
      testHost("c", { online: true, platform: "nixos", indicators: [indicator("G", "green")] }),
    ];
    const metrics = metricsOf(hosts, 2);
    const lines = await samples(metrics);

    expect(lines).toEqual(expect.arrayContaining([
      'nixfleet_hosts{status="online"} 2',
      'nixfleet_hosts{status="offline"} 1',
      'nixfleet_hosts_by_platform{platform="nixos"} 2',
      'nixfleet_hosts_by_platform{platform="darwin"} 1',
      'nixfleet_host_indicators{indicator="G",colour="green"} 2',
      'nixfleet_host_indicators{indicator="G",colour="yellow"} 1',
      'nixfleet_host_indicators{indicator="T",colour="red"} 1',
      "nixfleet_browsers_connected 2",
    ]));

    hosts.pop();
    expect(await samples(metrics)).toEqual(expect.arrayContaining(['nixfleet_hosts{status="online"} 1', 'nixfleet_host_indicators{indicator="G",colour="green"} 1']));
  });

  it("counts a command started once and finished once however often it changes, with its duration", async () => {
    const metrics = metricsOf([]);
    const id = "00000000-0000-4000-8000-0000000000aa";
    change(metrics, { id, type: "switch", state: "queued" });
    expect(await samples(metrics)).toContain('nixfleet_commands_open{state="queued"} 1');
    change(metrics, { id, type: "switch", state: "running" });
    change(metrics, { id, type: "switch", state: "awaiting-reconnect" });
    change(metrics, { id, type: "switch", state: "running" });
    change(metrics, { id, type: "switch", state: "failed", durationMs: 42_000 });
    change(metrics, { id, type: "switch", state: "failed", durationMs: 42_000 });
    const lines = await samples(metrics);

    expect(lines).toContain('nixfleet_commands_started_total{type="switch"} 1');
    expect(lines).toContain('nixfleet_commands_finished_total{type="switch",outcome="failed"} 1');
    expect(lines).toContain('nixfleet_command_duration_seconds_bucket{le="60",type="switch",outcome="failed"} 1');
    expect(lines).toContain('nixfleet_command_duration_seconds_bucket{le="30",type="switch",outcome="failed"} 0');
    expect(lines.filter((line) => line.startsWith("nixfleet_commands_open"))).toEqual([]);
  });

  it("shows the rollout states the rollouts code sets, and only those", async () => {
    const metrics = metricsOf([]);
    metrics.rollouts.set({ running: 2, paused: 1 });
    metrics.rollouts.set(new Map([["running", 1]]));
    const lines = (await samples(metrics)).filter((line) => line.startsWith("nixfleet_rollouts"));
    expect(lines).toEqual(['nixfleet_rollouts{state="running"} 1']);
  });

  it("adds the process's own metrics when asked", async () => {
    const lines = await samples(new FleetMetrics({ hosts: () => [], browsers: () => 0 }, { processMetrics: true }));
    expect(lines.some((line) => line.startsWith("nixfleet_process_resident_memory_bytes"))).toBe(true);
  });
});
