import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CHANGE_ROLE, hasRole } from "../auth/roles";
import type { ApiTokenScope } from "../protocol/api-tokens";
import { ROUTE, type RouteHandler } from "./route";

const ROOT = path.join(import.meta.dirname, "..", "..");
const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"];
const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Public routes, each with why it needs no login. */
const PUBLIC_ROUTES: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts": "next-auth's sign-in: how a session begins",
  "api/health/route.ts": "load balancers and container health checks have no session",
};

/**
 * The routes an API token may call, each with its scope and why. A token grants nothing else: a route
 * that takes a token without being listed here fails the walker.
 */
const TOKEN_ROUTES: Record<string, { scope: ApiTokenScope; why: string }> = {
  "api/metrics/route.ts": { scope: "metrics", why: "Prometheus scrapes without a session" },
  "api/rollouts/route.ts": { scope: "rollouts", why: "CI starts a rollout of a new commit (issue 15, GitOps)" },
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/**
 * Every exported HTTP method handler under `dir` that is not made by the route helper, that lets a
 * viewer change something, or that is public without being listed as such.
 */
async function findUnsoundHandlers(dir: string): Promise<string[]> {
  const problems: string[] = [];
  for (const file of routeFiles(dir)) {
    const name = path.relative(path.dirname(dir), file);
    const module = (await import(file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS.filter((m) => m in module)) {
      const handler = module[method];
      const brand = typeof handler === "function" ? (handler as Partial<RouteHandler>)[ROUTE] : undefined;
      if (brand?.scope && TOKEN_ROUTES[name]?.scope !== brand.scope) {
        problems.push(`${name} ${method}: takes API tokens of the ${brand.scope} scope, but is not listed as a token route`);
      }
      if (!brand) {
        problems.push(`${name} ${method}: not made with route()`);
      } else if (brand.role === "public") {
        if (!(name in PUBLIC_ROUTES)) problems.push(`${name} ${method}: public, but not listed as a public route`);
      } else if (!READ_METHODS.has(method) && !hasRole(brand.role, CHANGE_ROLE)) {
        problems.push(`${name} ${method}: changes things with the ${brand.role} role, below ${CHANGE_ROLE}`);
      }
    }
  }
  return problems.sort();
}

describe("the route walker", () => {
  it("finds no handler in app/api made another way than with the route helper", async () => {
    expect(routeFiles(path.join(ROOT, "app", "api")).length).toBeGreaterThanOrEqual(10);
    expect(await findUnsoundHandlers(path.join(ROOT, "app", "api"))).toEqual([]);
  });

  it("flags a handler written the old way, a change open to viewers and an unlisted token route, and accepts the helper's", async () => {
    expect(await findUnsoundHandlers(path.join(ROOT, "test-support", "route-fixtures", "api"))).toEqual([
      "api/old-style/route.ts GET: not made with route()",
      "api/unguarded-change/route.ts POST: changes things with the viewer role, below operator",
      "api/unlisted-token/route.ts POST: takes API tokens of the rollouts scope, but is not listed as a token route",
    ]);
  });
});
