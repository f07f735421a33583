# The dashboard for Nix: `node scripts/build.mjs` (next build + server.ts bundled into
# dist/server.mjs), installed with its production node_modules and started by nixpkgs' Node.js.
# Migrations are applied by the server at start.
#
# One Node for everything: the build, the config hook that compiles better-sqlite3 and the wrapper
# take the same `nodejs`; a native module built for another Node fails at start with a
# NODE_MODULE_VERSION mismatch, which the install check catches at build time instead.
{
  lib,
  buildNpmPackage,
  importNpmLock,
  makeWrapper,
  nodejs,
  src,
  version,
  npmDeps,
}:
let
  # V8 flags of every start (npm start, the container, this wrapper): a young generation big enough
  # for a bulk run's burst of messages, which otherwise spends a fifth of the dashboard's time in GC.
  v8Flags = builtins.fromJSON (builtins.readFile ../../scripts/dashboard-node-flags.json);
in
buildNpmPackage {
  pname = "nixfleet-dashboard";
  inherit version src npmDeps;
  inherit nodejs;
  npmConfigHook = importNpmLock.npmConfigHook.override { inherit nodejs; };
  # Install scripts are skipped; the one native module is compiled on its own in preBuild.
  npmRebuildFlags = [ "--ignore-scripts" ];
  nativeBuildInputs = [ makeWrapper ];
  # Next's build (Turbopack) runs workers that talk over loopback, which the macOS sandbox forbids.
  __darwinAllowLocalNetworking = true;

  env = {
    NEXT_TELEMETRY_DISABLED = "1";
    CHECKPOINT_DISABLE = "1";
    PRISMA_HIDE_UPDATE_MESSAGE = "1";
  };

  preBuild = ''
    npm rebuild better-sqlite3
    node node_modules/prisma/build/index.js generate
    DATABASE_URL=postgresql://unused@localhost/unused node node_modules/prisma/build/index.js generate
  '';
  npmBuildScript = "build";

  installPhase = ''
    runHook preInstall
    npm prune --omit=dev --ignore-scripts --no-audit --no-fund
    app=$out/lib/nixfleet-dashboard
    mkdir -p $app
    cp -r prisma.config.ts prisma dist node_modules $app/
    # better-sqlite3's build/ holds node-gyp's config.gypi and Makefiles, which name the Node
    # source tree and would drag it into the closure; only the compiled module is loaded.
    sqlite=$app/node_modules/better-sqlite3
    install -Dm755 $sqlite/build/Release/better_sqlite3.node $TMPDIR/better_sqlite3.node
    rm -rf "$sqlite/build"
    install -Dm755 $TMPDIR/better_sqlite3.node $sqlite/build/Release/better_sqlite3.node
    # prisma.config.ts reads a PostgreSQL DATABASE_URL with it when the migrations are applied.
    mkdir -p $app/lib/store && cp lib/store/postgres-adapter.ts $app/lib/store/
    # npmConfigHook swapped in a package.json that points at the store; keep the original.
    if [ -f .package.json.orig ]; then cp .package.json.orig $app/package.json; else cp package.json $app/; fi
    cp -r .next $app/.next
    rm -rf $app/.next/cache
    makeWrapper ${lib.getExe nodejs} $out/bin/nixfleet-dashboard \
      --add-flags "${lib.concatStringsSep " " v8Flags} $app/dist/server.mjs" \
      --set-default NODE_ENV production
    runHook postInstall
  '';

  # The wrapper's Node loads the installed better-sqlite3 (built by the config hook for this Node).
  doInstallCheck = true;
  installCheckPhase = ''
    runHook preInstallCheck
    ${lib.getExe nodejs} -e 'const Database = require(process.argv[1]); new Database(":memory:").prepare("select 1").get()' \
      $out/lib/nixfleet-dashboard/node_modules/better-sqlite3
    runHook postInstallCheck
  '';

  meta = {
    description = "NixFleet dashboard: one page for a whole Nix fleet";
    license = lib.licenses.agpl3Only;
    mainProgram = "nixfleet-dashboard";
    platforms = lib.platforms.linux ++ lib.platforms.darwin;
  };
}
