import { setFlagsFromString } from "node:v8";

/**
 * The agent mostly waits: a heartbeat every few seconds, a command now and then. V8's compilers to
 * machine code (Sparkplug, Maglev, TurboFan) buy it little speed, and running them pages in their
 * share of the executable: about 6 MiB of resident memory for as long as the agent runs. So the
 * agent's JavaScript stays in V8's interpreter. main.ts imports this module first, before any of the
 * agent's functions has run often enough to be compiled.
 *
 * These are the flags of `--lite-mode` that can be set after V8 has started; its heap and GC flags
 * cannot (they crash it), and the pkg-built executable cannot carry start flags (agent/node-flags.json
 * holds them for the Nix package, which runs the bundle on nixpkgs' Node).
 */
const INTERPRETER_ONLY_FLAGS = ["--no-sparkplug", "--no-maglev", "--no-turbofan"] as const;

for (const flag of INTERPRETER_ONLY_FLAGS) setFlagsFromString(flag);
