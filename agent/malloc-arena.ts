import { isSea } from "node:sea";

/**
 * glibc's malloc gives threads that allocate at the same time arenas of their own; the agent runs
 * its JavaScript on one thread, and V8's and libuv's helper threads allocating in arenas of their
 * own cost about 2 MiB of resident memory for no speed the agent needs. glibc reads
 * MALLOC_ARENA_MAX only when a program starts, so on Linux the agent sets it and starts again in
 * place: `process.execve` (Node >= 22.15) replaces the process image, same pid (the service
 * manager's), same arguments, same stdio. It then removes what it added from its environment, so
 * its commands (git, Nix) get the environment the agent was given. A MALLOC_ARENA_MAX of the
 * user's own is kept; on a Node without execve the agent just goes on.
 */

const ARENAS = "MALLOC_ARENA_MAX";
/** Set only across the restart: names the variables the agent added, so that it removes them again. */
const ADDED = "NIXFLEET_AGENT_ADDED_ENV";

type Execve = (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never;

export function restartWithOneMallocArena(): void {
  const added = process.env[ADDED];
  if (added !== undefined) {
    for (const name of [ADDED, ...added.split(",")]) delete process.env[name];
    return;
  }
  const { execve } = process as { execve?: Execve };
  if (process.platform !== "linux" || execve === undefined || process.env[ARENAS] !== undefined) return;
  // A single executable's argv repeats its own path in place of a script; node's options are then baked in.
  const args = isSea() ? process.argv.slice(2) : [...process.execArgv, ...process.argv.slice(1)];
  try {
    execve(process.execPath, [process.argv0, ...args], { ...process.env, [ARENAS]: "1", [ADDED]: ARENAS });
  } catch {
    // Not restarted (the executable cannot be run again, say): the agent runs as it was started.
  }
}
