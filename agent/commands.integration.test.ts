import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inWorld } from "./test-support/agent-world";
import { waitFor } from "./test-support/fake-dashboard";
import { writeScript } from "./test-support/fixtures";

/**
 * The real agent process (from source) against a real Socket.IO server that implements the /agent
 * side of the protocol. Only the Nix tools are stand-ins: scripts on PATH.
 */
// Real processes on a shared 2-core machine: generous time, the waits inside fail first and say why.
describe.concurrent("the agent process running commands for a dashboard", { timeout: 120_000 }, () => {
  it("loses nothing while the dashboard is down: 10,000 lines arrive once, in order, then the result", () =>
    inWorld(async (world) => {
      mkdirSync(path.join(world.root, "config"));
      writeScript(
        path.join(world.root, "bin", "nixos-rebuild"),
        `while [ ! -e "${world.root}/go" ]; do sleep 0.05; done\nseq 1 10000 | sed 's/^/line /'\necho "built" >&2\ntouch "${world.root}/done"`,
      );
      world.agent(["--repo-dir", path.join(world.root, "config")]);
      await waitFor(() => world.dashboard.registrations.length === 1, "registration");
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "switch" })).toEqual({ accepted: true });
      expect(await world.dashboard.runCommand({ id: crypto.randomUUID(), type: "test" })).toEqual({
        accepted: false,
        reason: `busy: switch ${id} is running`,
      });
      await waitFor(() => world.dashboard.lines(id).length >= 1, "the first output line");
      await waitFor(
        () => world.dashboard.heartbeats.some((beat) => beat.status.runningCommand?.id === id),
        "a heartbeat naming the running command",
      );

      await world.dashboard.close();
      writeFileSync(path.join(world.root, "go"), "");
      await waitFor(() => existsSync(path.join(world.root, "done")), "the command to finish while the dashboard is down");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(world.dashboard.lines(id)).toHaveLength(1);

      world.dashboard = await world.dashboard.restart();
      await waitFor(() => world.dashboard.results.has(id), "the result after the dashboard came back", 30_000);
      const stored = world.dashboard.output.get(id) ?? [];
      expect(stored.map((chunk) => chunk.seq)).toEqual(stored.map((_, index) => index + 1));
      const stdout = stored.filter((chunk) => chunk.stream === "stdout" && chunk.line.startsWith("line ")).map((chunk) => chunk.line);
      expect(stdout).toEqual(Array.from({ length: 10_000 }, (_, index) => `line ${index + 1}`));
      // The switch writes stdout and stderr into one file (detached.ts): both arrive as stdout.
      expect(stored).toContainEqual(expect.objectContaining({ stream: "stdout", line: "built" }));
      expect(world.dashboard.results.get(id)).toMatchObject({ type: "switch", state: "succeeded", exitCode: 0, lastSeq: stored.length });
      expect(world.dashboard.duplicates).toBeLessThanOrEqual(500);
      expect(world.dashboard.errors).toEqual([]);
      await waitFor(() => !existsSync(path.join(world.root, "state", "outbox", id)), "the outbox to forget the delivered command");
    }));

  it("with Home Manager, a home-manager switch survives the agent being stopped, killed, and absent when it ends; its full output and result are reported", () =>
    inWorld(async (world) => {
      mkdirSync(path.join(world.root, "config"));
      // Prints hm 1..10, waits for step1, prints 11..20, waits for step2, prints 21..40, exits 3.
      const gate = (from: number, to: number, file: string | null) =>
        `i=${from}; while [ $i -le ${to} ]; do echo "hm $i"; i=$((i+1)); done\n` +
        (file === null ? "" : `while [ ! -e "${world.root}/${file}" ]; do sleep 0.05; done\n`);
      writeScript(
        path.join(world.root, "bin", "home-manager"),
        `echo $$ > "${world.root}/hm.pid"\n${gate(1, 10, "step1")}${gate(11, 20, "step2")}${gate(21, 40, null)}exit 3`,
      );
      const args = ["--platform", "home-manager", "--repo-dir", path.join(world.root, "config")];
      const first = world.agent(args);
      await waitFor(() => world.dashboard.registrations.length === 1, "registration");
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "switch" })).toEqual({ accepted: true });
      await waitFor(() => world.dashboard.lines(id).includes("hm 10"), "the first part of the switch output");

      // launchd stops the agent during the switch: a clean stop must leave the switch running.
      expect(await first.stop("SIGTERM")).toBe(0);
      const hmPid = Number(readFileSync(path.join(world.root, "hm.pid"), "utf8"));
      expect(() => process.kill(hmPid, 0)).not.toThrow();

      const second = world.agent(args);
      await second.waitForLog(/event=command\.recovered .*step=switch/);
      writeFileSync(path.join(world.root, "step1"), "");
      await waitFor(() => world.dashboard.lines(id).includes("hm 20"), "output followed by the restarted agent");
      // A crash this time; the switch ends while no agent runs.
      await second.stop("SIGKILL");
      writeFileSync(path.join(world.root, "step2"), "");
      await waitFor(() => !existsSync(`/proc/${hmPid}`), "home-manager to end");

      world.agent(args);
      await waitFor(() => world.dashboard.results.has(id), "the result after two restarts", 30_000);
      const lines = world.dashboard.lines(id);
      expect(lines.filter((line) => line.startsWith("hm "))).toEqual(Array.from({ length: 40 }, (_, index) => `hm ${index + 1}`));
      expect(lines.filter((line) => line.startsWith("agent restarted: following the detached switch"))).toHaveLength(2);
      expect(world.dashboard.results.get(id)).toMatchObject({ type: "switch", state: "failed", exitCode: 3, lastSeq: lines.length });
      expect(world.dashboard.errors).toEqual([]);
    }));

  it("on NixOS, a switch in its transient unit survives kill -9 of the agent; the restarted agent follows it and reports all of it", () =>
    inWorld(async (world) => {
      mkdirSync(path.join(world.root, "config"));
      writeScript(
        path.join(world.root, "bin", "nixos-rebuild"),
        `echo $$ > "${world.root}/rebuild.pid"\nseq -f "rebuild %g" 1 10\n` +
          `while [ ! -e "${world.root}/go" ]; do sleep 0.05; done\nseq -f "rebuild %g" 11 20`,
      );
      const first = world.agent(["--repo-dir", path.join(world.root, "config")]);
      await waitFor(() => world.dashboard.registrations.length === 1, "registration");
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "switch" })).toEqual({ accepted: true });
      await waitFor(() => world.dashboard.lines(id).includes("rebuild 10"), "the first part of the switch output");
      expect(world.dashboard.lines(id)[0]).toMatch(new RegExp(`^\\$ nixos-rebuild switch --flake \\S+#web-1 {3}\\(in systemd unit nixfleet-switch-${id};`));

      await first.stop("SIGKILL");
      const rebuildPid = Number(readFileSync(path.join(world.root, "rebuild.pid"), "utf8"));
      expect(() => process.kill(rebuildPid, 0)).not.toThrow();
      writeFileSync(path.join(world.root, "go"), "");
      await waitFor(() => !existsSync(`/proc/${rebuildPid}`), "nixos-rebuild to finish while no agent runs");

      const second = world.agent(["--repo-dir", path.join(world.root, "config")]);
      await second.waitForLog(/event=command\.recovered .*step=switch/);
      await waitFor(() => world.dashboard.results.has(id), "the result after the restart", 30_000);
      const lines = world.dashboard.lines(id);
      expect(lines.filter((line) => line.startsWith("rebuild "))).toEqual(Array.from({ length: 20 }, (_, index) => `rebuild ${index + 1}`));
      expect(lines.filter((line) => /^agent restarted: following the detached switch \(pid \d+\)$/.test(line))).toHaveLength(1);
      expect(world.dashboard.results.get(id)).toMatchObject({ type: "switch", state: "succeeded", exitCode: 0, lastSeq: lines.length });
      expect(world.dashboard.errors).toEqual([]);
    }));

  it("stops a command running in its own process groups when the agent is stopped, and reports it cancelled before exiting", () =>
    inWorld(async (world) => {
      const tests = path.join(world.root, "config", "hosts", "web-1", "tests");
      writeScript(path.join(tests, "T1.sh"), `echo $$ > "${world.root}/pid"\nsleep 300`);
      const started = world.agent(["--repo-dir", path.join(world.root, "config")]);
      await waitFor(() => world.dashboard.registrations.length === 1, "registration");
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "test" })).toEqual({ accepted: true });
      await waitFor(() => existsSync(path.join(world.root, "pid")), "the test to start");
      const pid = Number(readFileSync(path.join(world.root, "pid"), "utf8"));
      expect(await started.stop("SIGTERM")).toBe(0);
      expect(world.dashboard.results.get(id)).toMatchObject({ state: "cancelled" });
      expect(existsSync(`/proc/${pid}`)).toBe(false);
    }));

  it("exits with 75 to be restarted after a switch that replaced the agent, once the result is delivered", () =>
    inWorld(async (world) => {
      mkdirSync(path.join(world.root, "config"));
      const self = path.join(world.root, "agent-unit");
      writeFileSync(self, "old unit");
      writeScript(path.join(world.root, "bin", "nixos-rebuild"), `echo "new unit" > "${self}"`);
      const started = world.agent(["--repo-dir", path.join(world.root, "config")], { NIXFLEET_AGENT_SELF_PATH: self });
      await waitFor(() => world.dashboard.registrations.length === 1, "registration");
      const id = crypto.randomUUID();
      expect(await world.dashboard.runCommand({ id, type: "switch" })).toEqual({ accepted: true });
      expect(await started.exited).toBe(75);
      expect(world.dashboard.results.get(id)).toMatchObject({ state: "succeeded", exitCode: 0 });
      expect(started.log.join("\n")).toMatch(/event=agent\.replaced/);
    }));
});
