import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CommandListener } from "../fleet/command-service";
import type { HostView } from "../protocol/browser";
import { CommandTally } from "./command-tally";
import { countHosts } from "./host-counts";

/**
 * The gauge rollouts set: how many rollouts are in each state. The rollouts code calls `set` with the
 * full picture whenever a rollout changes state (states absent from the map drop to 0), so a scrape
 * never counts what is not there any more.
 */
export interface RolloutGauge {
  set(countsByState: ReadonlyMap<string, number> | Readonly<Record<string, number>>): void;
}

export interface FleetMetricsSources {
  /** The live fleet, read at scrape time. */
  hosts: () => readonly HostView[];
  /** Browsers connected to this replica. */
  browsers: () => number;
}

/** Command durations, in seconds: a pull takes seconds, a switch minutes, a big build an hour. */
const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1_200, 1_800, 3_600, 7_200];

/**
 * The dashboard's Prometheus metrics (names start with nixfleet_). Host gauges are counted from the
 * live fleet at scrape time; command counters follow the command service's announcements, which it
 * makes anyway for browsers, so nothing is added to the command path but a map update.
 */
export class FleetMetrics {
  readonly registry = new Registry();
  readonly rollouts: RolloutGauge;
  /** Subscribed to this replica's command service: each replica counts the commands it runs. */
  readonly commandListener: CommandListener;

  constructor(sources: FleetMetricsSources, options: { processMetrics: boolean }) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: "nixfleet_" });

    new Gauge({
      name: "nixfleet_hosts",
      help: "Hosts in the fleet by connection status (online: its agent is connected).",
      labelNames: ["status"],
      registers,
      collect() {
        this.reset();
        for (const [status, count] of countHosts(sources.hosts()).byStatus) this.set({ status }, count);
      },
    });
    new Gauge({
      name: "nixfleet_hosts_by_platform",
      help: "Hosts in the fleet by platform (nixos, darwin, home-manager).",
      labelNames: ["platform"],
      registers,
      collect() {
        this.reset();
        for (const [platform, count] of countHosts(sources.hosts()).byPlatform) this.set({ platform }, count);
      },
    });
    new Gauge({
      name: "nixfleet_host_indicators",
      help: "Hosts by each indicator's colour (G git, L lock age, S system, T tests, A agent version).",
      labelNames: ["indicator", "colour"],
      registers,
      collect() {
        this.reset();
        for (const [key, count] of countHosts(sources.hosts()).byIndicator) {
          const [indicator, colour] = key.split("\t") as [string, string];
          this.set({ indicator, colour }, count);
        }
      },
    });
    new Gauge({
      name: "nixfleet_browsers_connected",
      help: "Browsers connected to this dashboard replica.",
      registers,
      collect() {
        this.set(sources.browsers());
      },
    });

    const tally = new CommandTally();
    const started = new Counter({ name: "nixfleet_commands_started_total", help: "Commands that started running, by type.", labelNames: ["type"], registers });
    const finished = new Counter({
      name: "nixfleet_commands_finished_total",
      help: "Commands that ended, by type and outcome (succeeded, failed, cancelled, lost).",
      labelNames: ["type", "outcome"],
      registers,
    });
    const duration = new Histogram({
      name: "nixfleet_command_duration_seconds",
      help: "How long ended commands ran, by type and outcome.",
      labelNames: ["type", "outcome"],
      buckets: DURATION_BUCKETS,
      registers,
    });
    new Gauge({
      name: "nixfleet_commands_open",
      help: "Commands whose output or result this replica still waits for (the agents' backlog as the dashboard knows it), by state.",
      labelNames: ["state"],
      registers,
      collect() {
        this.reset();
        for (const [state, count] of tally.openByState()) this.set({ state }, count);
      },
    });
    this.commandListener = {
      output: () => undefined,
      changed: (command) => {
        const mark = tally.note(command);
        if (mark?.kind === "started") started.inc({ type: mark.type });
        if (mark?.kind === "finished") {
          finished.inc({ type: mark.type, outcome: mark.outcome });
          if (mark.durationSeconds !== null) duration.observe({ type: mark.type, outcome: mark.outcome }, mark.durationSeconds);
        }
      },
    };

    const rollouts = new Gauge({ name: "nixfleet_rollouts", help: "Rollouts by state.", labelNames: ["state"], registers });
    this.rollouts = {
      set(countsByState) {
        rollouts.reset();
        const entries = countsByState instanceof Map ? [...countsByState] : Object.entries(countsByState);
        for (const [state, count] of entries) rollouts.set({ state }, count);
      },
    };
  }

  /** The exposition text and its content type, for GET /metrics. */
  async exposition(): Promise<{ text: string; contentType: string }> {
    return { text: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}
