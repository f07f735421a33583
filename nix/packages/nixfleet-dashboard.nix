# The dashboard for Nix: `node scripts/build.mjs` (next build + server.ts bundled into
# dist/server.mjs), installed with its production node_modules and started by nixpkgs' Node.js.
# Migrations are applied by the server at start.
{
  lib,
  buildNpmPackage,
  importNpmLock,
  makeWrapper,
  nodejs_20,
  src,
  version,
  npmDeps,
}:
buildNpmPackage {
  pname = "nixfleet-dashboard";
  inherit version src npmDeps;
  nodejs = nodejs_20;
  npmConfigHook = importNpmLock.npmConfigHook;
  # Install scripts are skipped; the one native module is compiled on its own in preBuild.
  npmRebuildFlags = [ "--ignore-scripts" ];
  nativeBuildInputs = [ makeWrapper ];

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
    # prisma.config.ts reads a PostgreSQL DATABASE_URL with it when the migrations are applied.
    mkdir -p $app/lib/store && cp lib/store/postgres-adapter.ts $app/lib/store/
    # npmConfigHook swapped in a package.json that points at the store; keep the original.
    if [ -f .package.json.orig ]; then cp .package.json.orig $app/package.json; else cp package.json $app/; fi
    cp -r .next $app/.next
    rm -rf $app/.next/cache
    makeWrapper ${lib.getExe nodejs_20} $out/bin/nixfleet-dashboard \
      --add-flags $app/dist/server.mjs \
      --set-default NODE_ENV production
    runHook postInstall
  '';

  meta = {
    description = "NixFleet dashboard: one page for a whole Nix fleet";
    license = lib.licenses.agpl3Only;
    mainProgram = "nixfleet-dashboard";
    platforms = lib.platforms.linux ++ lib.platforms.darwin;
  };
}
