// PostgreSQL connection settings and the Prisma driver adapter over them, shared by the dashboard
// (lib/store/client.ts) and the Prisma CLI (prisma.config.ts), so both read DATABASE_URL the same way.
// Kept free of the rest of lib/: prisma.config.ts imports it.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  /** `?schema=`: the tables' schema (search_path), `public` when absent. */
  schema: string | undefined;
  /** `?sslmode=`: `require` encrypts, `verify-ca`/`verify-full` also check the certificate. */
  ssl: boolean | { rejectUnauthorized: boolean };
}

const SSL_MODES: Record<string, PostgresTarget["ssl"]> = {
  disable: false,
  require: { rejectUnauthorized: false },
  "verify-ca": true,
  "verify-full": true,
};

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * Reads `postgresql://user[:password]@host[:port]/database[?schema=…&sslmode=…&host=/socket/dir]`
 * into fields (the pg driver is given fields, not the string). Errors name the problem, never the password.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  if (!isPostgresUrl(url)) throw new Error("DATABASE_URL: expected postgresql://user[:password]@host[:port]/database");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("DATABASE_URL is not a valid URL: expected postgresql://user[:password]@host[:port]/database");
  }
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new Error(`DATABASE_URL: the ${what} has an invalid %-escape`);
    }
  };
  const database = decode(parsed.pathname.replace(/^\//, ""), "database name");
  if (!database || database.includes("/")) throw new Error("DATABASE_URL names no database: expected postgresql://user@host:port/database");
  if (!parsed.username) throw new Error("DATABASE_URL names no user: expected postgresql://user[:password]@host:port/database");
  let host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  let schema: string | undefined;
  let ssl: PostgresTarget["ssl"] = false;
  for (const [key, value] of parsed.searchParams) {
    if (key === "schema") {
      if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(value)) throw new Error(`DATABASE_URL: schema "${value}" is not a plain identifier`);
      schema = value;
    } else if (key === "sslmode") {
      const mode = SSL_MODES[value];
      if (mode === undefined) throw new Error(`DATABASE_URL: sslmode must be one of ${Object.keys(SSL_MODES).join(", ")}`);
      ssl = mode;
    } else if (key === "host" && value.startsWith("/")) {
      host = value; // a Unix socket directory
    } else {
      throw new Error(`DATABASE_URL: unsupported parameter "${key}" (supported: schema, sslmode, host=/socket/dir)`);
    }
  }
  if (!host) throw new Error("DATABASE_URL names no host: expected postgresql://user@host:port/database");
  const port = parsed.port ? Number(parsed.port) : 5432;
  return {
    host,
    port,
    user: decode(parsed.username, "user name"),
    password: parsed.password ? decode(parsed.password, "password") : undefined,
    database,
    schema,
    ssl,
  };
}

/** `host:port` for messages (a socket directory is shown as it is). */
export function describeTarget(target: PostgresTarget): string {
  return target.host.startsWith("/") ? `${target.host} (port ${target.port})` : `${target.host}:${target.port}`;
}

export function poolConfig(target: PostgresTarget, max: number): pg.PoolConfig {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    ssl: target.ssl,
    max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // Unqualified table names in raw SQL (lib/store/*.ts) resolve in the URL's schema.
    ...(target.schema ? { options: `-c search_path="${target.schema}"` } : {}),
  };
}

/** The dashboard's adapter: a pool of `max` connections. */
export function createPostgresAdapter(target: PostgresTarget, max = 10): PrismaPg {
  return new PrismaPg(poolConfig(target, max), target.schema ? { schema: target.schema } : undefined);
}

// pg type OIDs of `"char"` and `name`, which the catalog queries of Prisma's schema engine return.
const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

/**
 * A pg client that reports `"char"` and `name` result columns as `text`. @prisma/adapter-pg 6.19
 * maps a result column's type to a Prisma column type from the field's type OID and rejects these two
 * (prisma/orm#27403), so `prisma migrate deploy` through the adapter fails reading the catalog; their
 * values already arrive as strings, so reporting them as text is exact. Only the CLI uses it.
 */
class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, config object); relabel whatever result arrives.
  override query(...args: unknown[]): never {
    const relabel = (result: unknown) => {
      for (const res of Array.isArray(result) ? result : [result]) {
        for (const field of (res as pg.QueryResult | undefined)?.fields ?? []) {
          if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
        }
      }
      return result;
    };
    const callbackAt = args.findIndex((arg) => typeof arg === "function");
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as (error: Error | null, result: unknown) => void;
      args[callbackAt] = (error: Error | null, result: unknown) => callback(error, error ? result : relabel(result));
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    return (returned instanceof Promise ? returned.then(relabel) : returned) as never;
  }
}

/**
 * Prisma's schema engine (6.19, WASM) races `SELECT pg_advisory_lock(…)` against a 10 s timer that it
 * never clears, so every PostgreSQL `migrate deploy` sat idle 10 s after its work was done. Timers the
 * engine sets are unref'd: each races a query whose socket keeps the process alive, so a timeout still
 * fires while its query waits, but a forgotten one no longer holds the finished CLI open.
 */
let schemaEngineTimersUnrefd = false;
function unrefSchemaEngineTimers(): void {
  if (schemaEngineTimersUnrefd) return;
  schemaEngineTimersUnrefd = true;
  const setTimer = globalThis.setTimeout;
  const setEngineAwareTimer = (...args: Parameters<typeof setTimeout>) => {
    const timer = setTimer(...args);
    return new Error().stack?.includes("wasm://") ? timer.unref() : timer;
  };
  globalThis.setTimeout = Object.assign(setEngineAwareTimer, setTimer);
}

export function createPostgresMigrationAdapter(target: PostgresTarget): PrismaPg {
  // allowExitOnIdle: the CLI never disposes its adapter; idle connections must not keep it running.
  unrefSchemaEngineTimers();
  const config = { ...poolConfig(target, 4), Client: CatalogTextClient, allowExitOnIdle: true } as pg.PoolConfig;
  return new PrismaPg(config, target.schema ? { schema: target.schema } : undefined);
}

/**
 * Connects once and runs `SELECT 1`, failing with `cannot reach PostgreSQL at host:port: <reason>`
 * (refused, unknown host, wrong password, no such database …) rather than a driver's stack.
 */
export async function checkPostgresReachable(target: PostgresTarget): Promise<void> {
  const client = new pg.Client({ ...poolConfig(target, 1), connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined); // a server that goes away after the check is the pool's business
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new Error(`cannot reach PostgreSQL at ${describeTarget(target)}: ${failureReason(error)}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined);
  }
}

function failureReason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return failureReason(error.errors[0]);
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] || (error as { code?: string })?.code || "unknown error";
}
