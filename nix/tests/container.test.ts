import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { repoRoot, runPython } from "./tools";

const dockerfile = readFileSync(path.join(repoRoot, "Dockerfile"), "utf8");

const diagnosticSchema = z.object({ message: z.string(), range: z.object({ start: z.object({ line: z.number() }) }) });
const dockerfileUtilsSchema = z.object({
  validate: z.custom<(text: string) => unknown>((value) => typeof value === "function"),
});

/**
 * dockerfile-utils (the validator of VS Code's Docker extension). Loaded by name at run time so that
 * a checkout without it fails this test with the reason, not the type-check of everything.
 */
async function loadDockerfileUtils(): Promise<z.infer<typeof dockerfileUtilsSchema>> {
  const name = "dockerfile-utils";
  let loaded: unknown;
  try {
    loaded = await import(/* @vite-ignore */ name);
  } catch (error) {
    throw new Error(`dockerfile-utils is not installed (npm install --save-dev dockerfile-utils@0.16.3): ${String(error)}`);
  }
  const candidate = z.object({ default: z.unknown() }).safeParse(loaded);
  const withValidate = dockerfileUtilsSchema.safeParse(loaded);
  return withValidate.success ? withValidate.data : dockerfileUtilsSchema.parse(candidate.success ? candidate.data.default : loaded);
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** The Dockerfile's instructions per stage, continuation lines joined, comments dropped. */
function stages(text: string): Instruction[][] {
  const result: Instruction[][] = [];
  let pending = "";
  let startLine = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (pending === "" && (line === "" || line.startsWith("#"))) return;
    if (pending === "") startLine = index + 1;
    if (line.endsWith("\\")) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const full = `${pending}${line}`.trim();
    pending = "";
    const [keyword = "", ...rest] = full.split(/\s+/);
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(" "), line: startLine };
    if (instruction.keyword === "FROM") result.push([]);
    result.at(-1)?.push(instruction);
  });
  return result;
}

function find(stage: Instruction[] | undefined, keyword: string): Instruction[] {
  return (stage ?? []).filter((instruction) => instruction.keyword === keyword);
}

describe("the Dockerfile", () => {
  it("has no problem dockerfile-utils can find", async () => {
    const { validate } = await loadDockerfileUtils();
    const diagnostics = z.array(diagnosticSchema).parse(validate(dockerfile));
    expect(diagnostics.map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it("builds on Node 24 in one stage (npm ci, scripts/build.mjs, the traced runtime files) and runs that Node on Debian slim in another", () => {
    const [build, runtime, ...more] = stages(dockerfile);
    expect(more).toEqual([]);
    expect(find(build, "FROM")[0]?.args).toBe("node:24-bookworm-slim AS build");
    expect(find(runtime, "FROM")[0]?.args).toBe("debian:bookworm-slim AS runtime");
    const buildRuns = find(build, "RUN").map((run) => run.args);
    expect(buildRuns.some((run) => run.includes("npm ci"))).toBe(true);
    expect(buildRuns.some((run) => run.includes("node scripts/build.mjs") && run.includes("node scripts/runtime-files.mjs /runtime"))).toBe(true);
  });

  it("has no build toolchain and nothing but the traced runtime files in the final stage", () => {
    const runtime = stages(dockerfile)[1];
    expect(find(runtime, "COPY").map((copy) => copy.args)).toEqual(["--from=build /usr/local/bin/node /usr/local/bin/node", "--from=build /runtime ./"]);
    const runs = find(runtime, "RUN").map((run) => run.args).join("\n");
    expect(runs).not.toMatch(/apt-get|npm (ci|install)|g\+\+|python3/);
  });

  it("runs as a non-root user with the data in the /data volume, in production mode", () => {
    const runtime = stages(dockerfile)[1];
    const users = find(runtime, "USER").map((user) => user.args);
    expect(users.length).toBe(1);
    expect(["root", "0", "0:0"]).not.toContain(users[0]);
    const env = find(runtime, "ENV").map((e) => e.args).join(" ");
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bNIXFLEET_DATA_DIR=\/data\b/);
    expect(env).toMatch(/\bPORT=8000\b/);
    expect(find(runtime, "VOLUME").map((v) => v.args)).toEqual(['["/data"]']);
    expect(find(runtime, "EXPOSE").map((e) => e.args)).toEqual(["8000"]);
  });

  it("checks its health on /api/health and starts dist/server.mjs, which applies the migrations", () => {
    const runtime = stages(dockerfile)[1];
    const healthcheck = find(runtime, "HEALTHCHECK");
    expect(healthcheck.length).toBe(1);
    expect(healthcheck[0]?.args).toContain("http://127.0.0.1:8000/api/health");
    expect(find(runtime, "CMD").map((cmd) => cmd.args)).toEqual([expect.stringMatching(/^\["node", .*"dist\/server\.mjs"\]$/)]);
  });

  it("keeps local and generated files out of the build context", () => {
    const ignored = readFileSync(path.join(repoRoot, ".dockerignore"), "utf8").split("\n").map((line) => line.trim());
    for (const entry of ["node_modules", ".next", "dist", "data", ".env", ".git", "lib/store/generated"]) expect(ignored, entry).toContain(entry);
  });
});

describe("docker-compose.yml", () => {
  const composeSchema = z.object({
    services: z.record(
      z.string(),
      z.object({
        build: z.string(),
        env_file: z.array(z.object({ path: z.string(), format: z.string() })),
        environment: z.record(z.string(), z.string()).optional(),
        ports: z.array(z.string()),
        volumes: z.array(z.string()),
      }),
    ),
    volumes: z.record(z.string(), z.null()),
  });

  function compose(): z.infer<typeof composeSchema> {
    const text = readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8");
    const parsed = runPython("import json, sys, yaml\nprint(json.dumps(yaml.safe_load(sys.stdin)))", [], text, "yaml");
    if (!parsed.ok) throw new Error(`cannot read docker-compose.yml with Python's yaml module (apt-get install -y python3-yaml): ${parsed.stderr}`);
    return composeSchema.parse(JSON.parse(parsed.stdout));
  }

  it("reads the README's .env as written, maps port 8000 and keeps /data in a named volume", () => {
    const { services, volumes } = compose();
    const service = services.nixfleet;
    expect(service?.build).toBe(".");
    // raw: the `$` signs of a bcrypt hash are not variables.
    expect(service?.env_file).toEqual([{ path: ".env", format: "raw" }]);
    expect(service?.ports).toEqual(["8000:8000"]);
    const dataVolume = service?.volumes.find((volume) => volume.endsWith(":/data"));
    expect(dataVolume).toBeDefined();
    const volumeName = dataVolume?.split(":")[0] ?? "";
    expect(Object.keys(volumes)).toContain(volumeName);
    expect(Object.keys(service?.environment ?? {})).not.toContain("NIXFLEET_PASSWORD_HASH");
  });

  it("interpolates nothing from the environment", () => {
    expect(readFileSync(path.join(repoRoot, "docker-compose.yml"), "utf8")).not.toMatch(/\$\{?[A-Za-z_]/);
  });
});

describe("scripts/container-check.sh", () => {
  it("is a valid bash script", () => {
    const result = spawnSync("bash", ["-n", path.join(repoRoot, "scripts", "container-check.sh")], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });
});
