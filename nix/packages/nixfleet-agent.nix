# The agent for Nix: agent/build.mjs bundles it into one CommonJS file (its first step; the
# single executable of `npm run build:agent` is for installs without Nix), run by nixpkgs'
# Node.js (nixpkgs' default `nodejs`, as for the dashboard). Only JavaScript is needed: no install
# scripts run, nothing native is compiled.
{
  lib,
  buildNpmPackage,
  importNpmLock,
  makeWrapper,
  nodejs,
  git,
  src,
  version,
  npmDeps,
}:
let
  # The V8 flags for a small heap that agent/build.mjs bakes into the single executable.
  v8Flags = builtins.fromJSON (builtins.readFile ../../agent/node-flags.json);
in
buildNpmPackage {
  pname = "nixfleet-agent";
  inherit version src npmDeps;
  inherit nodejs;
  npmConfigHook = importNpmLock.npmConfigHook.override { inherit nodejs; };
  npmRebuildFlags = [ "--ignore-scripts" ];
  nativeBuildInputs = [ makeWrapper ];

  buildPhase = ''
    runHook preBuild
    node agent/build.mjs --skip-pkg
    runHook postBuild
  '';

  installPhase = ''
    runHook preInstall
    install -Dm644 dist/agent/nixfleet-agent.cjs $out/lib/nixfleet-agent/nixfleet-agent.cjs
    makeWrapper ${lib.getExe nodejs} $out/bin/nixfleet-agent \
      --add-flags "${lib.concatStringsSep " " v8Flags} $out/lib/nixfleet-agent/nixfleet-agent.cjs" \
      --suffix PATH : ${lib.makeBinPath [ git ]}
    runHook postInstall
  '';

  doInstallCheck = true;
  installCheckPhase = ''
    $out/bin/nixfleet-agent --version | grep -F ${lib.escapeShellArg version}
  '';

  meta = {
    description = "NixFleet agent: connects a NixOS or Home Manager host to a NixFleet dashboard";
    license = lib.licenses.agpl3Only;
    mainProgram = "nixfleet-agent";
    platforms = lib.platforms.unix;
  };
}
