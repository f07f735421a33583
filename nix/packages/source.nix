# The part of the repository the packages are built from, so that editing README.md or the Nix
# files does not rebuild them.
{ lib }:
let
  root = ../..;
in
lib.fileset.toSource {
  inherit root;
  fileset = lib.fileset.unions [
    (root + "/package.json")
    (root + "/package-lock.json")
    (root + "/tsconfig.json")
    (root + "/next.config.mjs")
    (root + "/postcss.config.mjs")
    (root + "/prisma.config.ts")
    (root + "/server.ts")
    (root + "/agent")
    (root + "/app")
    (root + "/components")
    (root + "/lib")
    (root + "/prisma")
    (root + "/scripts")
  ];
}
