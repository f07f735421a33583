// Loaded with --import by scripts/node24.mjs in every Node 24 process of the test run: better-sqlite3
// loads its compiled module from node_modules, which holds the machine Node's build; this points it
// at the build for Node 24's ABI (NIXFLEET_BETTER_SQLITE3_BINARY) instead.
import { registerHooks } from "node:module";
import { pathToFileURL } from "node:url";

const binary = process.env.NIXFLEET_BETTER_SQLITE3_BINARY;
const COMPILED_MODULE = /[/\\]better-sqlite3[/\\]build[/\\]Release[/\\]better_sqlite3\.node$/;

if (binary) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      return COMPILED_MODULE.test(specifier) ? { url: pathToFileURL(binary).href, shortCircuit: true } : nextResolve(specifier, context);
    },
  });
}
