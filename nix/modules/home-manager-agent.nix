# services.nixfleet-agent for Home Manager: a launchd agent (com.nixfleet.agent) on macOS, a systemd
# user service on Linux. The agent switches with `home-manager switch`, which it starts detached,
# because the switch reloads the agent's own job.
#
# `packages`: the flake's own packages (per system), where the default package comes from.
{
  packages ? { },
}:
{
  config,
  lib,
  pkgs,
  ...
}:
let
  cfg = config.services.nixfleet-agent;
  common = import ./agent-common.nix { inherit lib; };
  inherit (pkgs.stdenv.hostPlatform) system isDarwin;
  home = config.home.homeDirectory;

  label = "com.nixfleet.agent";
  logFile = "${home}/Library/Logs/nixfleet-agent.log";
  unitFile = "${config.xdg.configHome}/systemd/user/nixfleet-agent.service";
  argv = common.commandLine cfg { tokenFile = toString cfg.tokenFile; };

  # launchd and the systemd user manager start jobs with a bare PATH: home-manager, nix and git are
  # found in the user's profiles, then in the system's.
  searchPath = lib.concatStringsSep ":" [
    "${config.home.profileDirectory}/bin"
    "/etc/profiles/per-user/${config.home.username}/bin"
    "/run/current-system/sw/bin"
    "/nix/var/nix/profiles/default/bin"
    "${pkgs.git}/bin"
    "/usr/local/bin"
    "/usr/bin"
    "/bin"
    "/usr/sbin"
    "/sbin"
  ];
in
{
  options.services.nixfleet-agent = common.options {
    defaultPackage = packages.${system}.nixfleet-agent or pkgs.nixfleet-agent;
    defaultPackageText = "nixfleet.packages.\${pkgs.stdenv.hostPlatform.system}.nixfleet-agent";
    defaultStateDir = "${home}/.local/state/nixfleet-agent";
    defaultStateDirText = "\"\${config.home.homeDirectory}/.local/state/nixfleet-agent\"";
    defaultPlatform = "home-manager";
    platformText = ''
      How the agent switches. `home-manager` (the default here, on macOS and Linux): `home-manager
      switch --flake <repo>#<hostname>`, started detached. `nixos` and `darwin` (`nixos-rebuild`,
      `darwin-rebuild`) need root and so belong to the NixOS and nix-darwin modules.
    '';
  };

  config = lib.mkIf cfg.enable (
    lib.mkMerge [
      { assertions = common.assertions "services.nixfleet-agent" cfg; }

      (lib.mkIf isDarwin {
        launchd.agents.nixfleet-agent = {
          enable = true;
          config = {
            Label = label;
            ProgramArguments = argv;
            RunAtLoad = true;
            # Restarted whenever it exits: after a crash, and on exit code 75 ("restart me").
            KeepAlive = true;
            ThrottleInterval = 10;
            StandardOutPath = logFile;
            StandardErrorPath = logFile;
            EnvironmentVariables = {
              HOME = home;
              PATH = searchPath;
            };
          };
        };
      })

      (lib.mkIf (!isDarwin) {
        systemd.user.services.nixfleet-agent = {
          Unit = {
            Description = "NixFleet agent";
            # The switch the agent runs must not restart it (sd-switch reads both keys); when the
            # unit changes, the agent sees it and exits 75 to be restarted.
            X-SwitchMethod = "keep-old";
            X-RestartIfChanged = false;
            StartLimitIntervalSec = 0;
          };
          Service = {
            ExecStart = common.toExecStart { } argv;
            Environment = [
              "PATH=${searchPath}"
              "NIXFLEET_AGENT_SELF_PATH=${unitFile}"
            ];
            Restart = "on-failure";
            RestartSec = 5;
            RestartForceExitStatus = 75;
            UMask = "0077";
          };
          Install.WantedBy = [ "default.target" ];
        };
      })
    ]
  );
}
