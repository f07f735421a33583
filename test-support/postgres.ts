// A throwaway PostgreSQL server for tests (vitest and Playwright): Debian's binaries, a temp data
// directory, trust authentication, loopback only, on a free port. Nothing is mocked and nothing is
// skipped: without PostgreSQL installed, startPostgres() fails and says what to install.
//
//   const postgres = await startPostgres();      // { url, createDatabase, stop }
//   process.env.DATABASE_URL = postgres.url;      // postgresql://postgres@127.0.0.1:<port>/nixfleet
//   await postgres.stop();                        // stops the server, removes its directory
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./free-port";

export interface Postgres {
  /** `postgresql://postgres@127.0.0.1:<port>/nixfleet`: an empty database, owned by the superuser. */
  url: string;
  /** Creates another empty database (optionally a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Stops the server (fast shutdown, every connection cut) and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops the server (fast shutdown) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** The first database's name (default `nixfleet`). */
  database?: string;
}

const run = promisify(execFile);
const running = new Set<{ bin: string; dataDir: string; asPostgres: boolean }>();

/** Starts a fresh server and returns its first database's URL; about a second here. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<Postgres> {
  const bin = findPostgresBin();
  const asPostgres = process.getuid?.() === 0;
  const root = mkdtempSync(path.join(tmpdir(), "nixfleet-pg-"));
  // As root, the server runs as `postgres`, which must own the data directory's parent.
  if (asPostgres) chownSync(root, ...postgresUser());
  const dataDir = path.join(root, "data");
  const exec = async (tool: string, args: string[]) => {
    const [file, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    try {
      return await run(file, argv, { encoding: "utf8" });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      const log = existsSync(path.join(root, "server.log")) ? readFileSync(path.join(root, "server.log"), "utf8") : "";
      throw new Error(`${tool} failed: ${(stderr || stdout || String(error)).trim()}${log ? `\n${log.trim()}` : ""}`);
    }
  };
  try {
    await exec("initdb", ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"]);
    const server = { bin, dataDir, asPostgres };
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // Durability is not the point of a test database: no fsync makes each migration much faster.
      const settings = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
      try {
        await exec("pg_ctl", ["-D", dataDir, "-l", path.join(root, "server.log"), "-w", "-t", "30", "-o", settings, "start"]);
        break;
      } catch (error) {
        if (attempt === 3) throw error; // another process took the port between the probe and the start
      }
    }
    running.add(server);
    const base = `postgresql://postgres@127.0.0.1:${port}`;
    const createDatabase = async (name: string, template?: string) => {
      const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
      await admin.connect();
      try {
        const ident = (id: string) => `"${id.replaceAll('"', '""')}"`;
        await admin.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`);
      } finally {
        await admin.end();
      }
      return `${base}/${encodeURIComponent(name)}`;
    };
    const url = await createDatabase(options.database ?? "nixfleet");
    let stopped: Promise<void> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        running.delete(server);
        try {
          await exec("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      })());
    const restart = async () => {
      // pg_ctl restart starts it again with the options it was started with (postmaster.opts).
      await exec("pg_ctl", ["-D", dataDir, "-l", path.join(root, "server.log"), "-m", "fast", "-w", "-t", "30", "restart"]);
    };
    return { url, createDatabase, restart, stop };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** The newest installed PostgreSQL's bin directory (/usr/lib/postgresql/<version>/bin). */
export function findPostgresBin(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(path.join(base, version, "bin", "initdb")))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length === 0) {
    throw new Error(
      "PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin/initdb. " +
        "Install it with `apt-get install -y postgresql` (the tests start their own server; none needs to run).",
    );
  }
  return path.join(base, versions[0]!, "bin");
}

function postgresUser(): [number, number] {
  try {
    const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim()));
    return [uid!, gid!];
  } catch {
    throw new Error("running as root, but there is no `postgres` user to run the server: `apt-get install -y postgresql` creates it");
  }
}


// A test run that dies without stop() still leaves no server behind.
process.once("exit", () => {
  for (const { bin, dataDir, asPostgres } of running) {
    const pgCtl = path.join(bin, "pg_ctl");
    const [file, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", pgCtl]] : [pgCtl, []];
    try {
      execFileSync(file, [...argv, "-D", dataDir, "-m", "immediate", "stop"], { stdio: "ignore" });
      rmSync(path.dirname(dataDir), { recursive: true, force: true });
    } catch {
      // already gone
    }
  }
});
