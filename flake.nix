{
  description = "NixFleet: one page for a whole Nix fleet (dashboard, agent, NixOS and Home Manager modules)";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      # nixpkgs 26.11 dropped x86_64-darwin.
      systems = [
        "x86_64-linux"
        "aarch64-linux"
        "aarch64-darwin"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
      version = (lib.importJSON ./package.json).version;

      # Both packages build from the same sources and the same locked npm dependencies.
      packagesFor =
        pkgs:
        let
          src = import ./nix/packages/source.nix { inherit lib; };
          npmDeps = pkgs.importNpmLock {
            npmRoot = src;
            packageLock = import ./nix/packages/npm-lock.nix {
              inherit lib;
              packageLock = lib.importJSON ./package-lock.json;
            };
          };
        in
        {
          nixfleet-agent = pkgs.callPackage ./nix/packages/nixfleet-agent.nix { inherit src version npmDeps; };
          nixfleet-dashboard = pkgs.callPackage ./nix/packages/nixfleet-dashboard.nix {
            inherit src version npmDeps;
          };
        };
    in
    {
      packages = forAllSystems (
        pkgs:
        let
          own = packagesFor pkgs;
        in
        own // { default = own.nixfleet-agent; }
      );

      overlays.default = final: _prev: packagesFor final;

      nixosModules = {
        nixfleet-agent = import ./nix/modules/nixos-agent.nix { inherit (self) packages; };
        nixfleet-dashboard = import ./nix/modules/nixos-dashboard.nix { inherit (self) packages; };
        default = self.nixosModules.nixfleet-agent;
      };

      darwinModules = {
        nixfleet-agent = import ./nix/modules/darwin-agent.nix { inherit (self) packages; };
        default = self.darwinModules.nixfleet-agent;
      };

      homeManagerModules = {
        nixfleet-agent = import ./nix/modules/home-manager-agent.nix { inherit (self) packages; };
        default = self.homeManagerModules.nixfleet-agent;
      };

      # `nix develop`: what `npm ci`, the Prisma CLI, the builds and the e2e tests need.
      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          packages =
            [
              pkgs.nodejs
              pkgs.git
              # Prisma's CLI probes OpenSSL's version; node-gyp compiles better-sqlite3 with Python.
              pkgs.openssl
              pkgs.python3
            ]
            ++ lib.optionals pkgs.stdenv.hostPlatform.isLinux [ pkgs.chromium ];
          env =
            {
              # node-gyp takes the headers of this Node instead of downloading them.
              npm_config_nodedir = "${pkgs.nodejs}";
              NEXT_TELEMETRY_DISABLED = "1";
              CHECKPOINT_DISABLE = "1";
            }
            // lib.optionalAttrs pkgs.stdenv.hostPlatform.isLinux {
              # playwright.config.ts launches this browser (never `npx playwright install`).
              CHROMIUM_PATH = lib.getExe pkgs.chromium;
            };
        };
      });

      checks = forAllSystems (
        pkgs:
        packagesFor pkgs
        // lib.optionalAttrs pkgs.stdenv.hostPlatform.isLinux {
          nixos-vm = pkgs.testers.runNixOSTest (import ./nix/tests/nixos-vm.nix { inherit self; });
        }
      );
    };
}
