# package-lock.json is written without `resolved` URLs (npm's omit-lockfile-registry-resolved, so
# the lock works with any registry mirror). nixpkgs' importNpmLock fetches each package from its
# `resolved` URL, so they are put back here, in the npm registry's tarball layout.
{ lib, packageLock }:
let
  registry = "https://registry.npmjs.org";

  withResolved =
    key: module:
    if key == "" || module ? resolved || (module.link or false) || !(module ? integrity) then
      module
    else
      let
        # "node_modules/a/node_modules/@scope/b" is @scope/b; an alias names its real package.
        name = module.name or (lib.last (lib.splitString "node_modules/" key));
        baseName = lib.last (lib.splitString "/" name);
      in
      module // { resolved = "${registry}/${name}/-/${baseName}-${module.version}.tgz"; };
in
packageLock // { packages = builtins.mapAttrs withResolved packageLock.packages; }
