// Stand-in for systemd-run, for tests: starts the command the way PID 1 starts a transient service,
// in a session of its own and not as a child of the caller (killing the caller leaves it running),
// with a clean environment plus the --setenv values, and returns at once, as systemd-run without
// --wait does. It refuses options it does not know, so a mistake in the agent's call fails the test.
import { spawn } from "node:child_process";
import { appendFileSync } from "node:fs";

const args = process.argv.slice(2);
const fail = (message) => {
  process.stderr.write(`systemd-run: ${message}\n`);
  process.exit(1);
};
// The fake Nix tools find their control directory through the test's environment, as real ones
// would read their configuration from /etc: the one variable a unit keeps besides --setenv.
const env = process.env.FAKE_NIX_CONTROL ? { FAKE_NIX_CONTROL: process.env.FAKE_NIX_CONTROL } : {};
const flags = new Set(["--user", "--collect", "--quiet", "--no-ask-password"]);
let cwd = "/";
let unit = null;
let index = 0;
for (; index < args.length; index += 1) {
  const arg = args[index];
  if (arg === "--") break;
  if (flags.has(arg)) continue;
  const equals = arg.indexOf("=");
  const [name, value] = equals === -1 ? [arg, ""] : [arg.slice(0, equals), arg.slice(equals + 1)];
  if (name === "--unit" && value) unit = value;
  else if (name === "--description" || name === "--service-type" || name === "--property") continue;
  else if (name === "--working-directory" && value) cwd = value;
  else if (name === "--setenv" && value.includes("=")) env[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
  else fail(`unknown or incomplete option ${arg}`);
}
const [command, ...rest] = args.slice(index + 1);
if (unit === null || command === undefined) fail("expected --unit=NAME and -- COMMAND");
if (process.env.FAKE_NIX_CONTROL) appendFileSync(`${process.env.FAKE_NIX_CONTROL}/calls`, `systemd-run --unit=${unit}\n`);
const child = spawn(command, rest, { cwd, env, detached: true, stdio: "ignore" });
child.once("error", (error) => fail(`failed to start ${unit}.service: ${error.message}`));
child.once("spawn", () => {
  child.unref();
  process.exit(0);
});
