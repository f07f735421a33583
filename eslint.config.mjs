import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * The layering, as lint (see STYLE.md, "The house"). Imports are matched as written: `@/lib/x`,
 * `../x` from a folder of lib/, `../../lib/x` from deeper. Type imports count too: a component that
 * names a store type already knows the store.
 */
const LIB = "(@/lib/|(\\.\\./)+(lib/)?|\\./)";
const libFolders = (...names) => `^${LIB}(${names.join("|")})(/|$)`;
const fromOutsideLib = (...names) => `^(@/|(\\.\\./)+)lib/(${names.join("|")})(/|$)`;
/** Only the store knows Prisma's rows: everything else gets protocol shapes. */
const PRISMA_CLIENT = {
  regex: "(^|/)generated(-pg)?/client",
  message: "Only lib/store uses the generated Prisma client; the rest gets protocol shapes.",
};
/** Where several configs match a file, the last one's options win: each folder's rule repeats PRISMA_CLIENT. */
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [...patterns, PRISMA_CLIENT] }] },
});
/** Folders that hold server code: the store, the services, the transports, secrets and the runtime. */
const SERVER_FOLDERS = ["store", "fleet", "gateway", "cluster", "audit", "http", "runtime", "logger", "config", "first-run"];
const layering = [
  restrict(["**/*.ts", "**/*.tsx"], [], ["lib/store/**", "test-support/**", "prisma.config.ts"]),
  restrict(["lib/protocol/**"], [
    { regex: "^(\\.\\./|@/)", message: "lib/protocol imports nothing of ours: agent, dashboard and browser all import it." },
  ], ["lib/protocol/**/*.test.ts"]),
  // Depth decides where `../` leads: from agent/ it leaves the agent, from agent/commands/ it does not.
  ...[["agent/*.ts", "^(@/|\\.\\./)"], ["agent/*/**", "^(@/|\\.\\./\\.\\./)"]].map(([files, outside]) =>
    restrict([files], [
      {
        regex: `${outside}(?!lib/protocol/)`,
        message: "The agent imports only lib/protocol from the dashboard (it is built and shipped on its own).",
      },
    ]),
  ),
  restrict(["components/**"], [
    { regex: fromOutsideLib(...SERVER_FOLDERS), message: "Components never reach server code: they get data from pages, the API and the socket." },
    // The REST shapes still live beside the auth services; a type import of them is harmless.
    { regex: fromOutsideLib("auth"), message: "Components never import auth's code." },
  ]),
  restrict(["lib/ui/**"], [
    { regex: libFolders(...SERVER_FOLDERS, "auth"), message: "lib/ui is browser code: it never imports server code." },
  ]),
  restrict(["lib/fleet/**"], [
    { regex: libFolders("gateway", "cluster", "http", "ui"), message: "The fleet domain knows no transport: it declares the interfaces the gateway and cluster implement." },
  ]),
  restrict(["lib/cluster/**"], [
    { regex: libFolders("gateway", "http", "ui"), message: "The cluster implements the fleet's interfaces; it never imports the gateway." },
  ]),
  restrict(["lib/gateway/**"], [
    { regex: libFolders("store", "cluster", "http", "ui"), message: "Socket handlers call services; they never read the store." },
  ]),
  {
    files: ["lib/store/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [
        { regex: libFolders("fleet", "gateway", "cluster", "auth", "http", "ui"), message: "The store is the bottom layer: it never imports the services above it." },
      ] }],
    },
  },
  restrict(["lib/auth/**"], [
    { regex: libFolders("http", "gateway", "cluster"), message: "lib/auth is used by the route helper (lib/http) and the gateway; it imports neither." },
  ]),
  restrict(["lib/audit/**"], [
    { regex: libFolders("fleet", "gateway", "cluster", "auth", "http", "ui"), message: "The audit log is written to by services; it imports none of them." },
  ]),
];

export default tseslint.config(
  {
    ignores: [
      "node_modules/", ".next/", "dist/", "lib/store/generated/", "test-results/",
      "playwright-report/", "e2e/.artifacts/", "bench/results/", "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.tsx"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly" } },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-console": "off",
    },
  },
  ...layering,
);
