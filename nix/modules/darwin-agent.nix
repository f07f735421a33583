# services.nixfleet-agent for nix-darwin: the agent as a launchd daemon running as root, so that it
# can run `darwin-rebuild switch --flake <repo>#<hostname>` (platform `darwin`).
#
# The switch reloads every launchd daemon whose plist changed, this one included, and launchd has
# no way to leave a running job alone; the agent therefore starts the switch detached, and when
# the switch changed its plist (NIXFLEET_AGENT_SELF_PATH) it exits with 75 after delivering the
# result; KeepAlive starts the new one.
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
  system = pkgs.stdenv.hostPlatform.system;

  label = "com.nixfleet.agent";
  logFile = "/var/log/nixfleet-agent.log";

  # launchd starts daemons with a bare PATH: darwin-rebuild and nix come from the system profile.
  searchPath = lib.concatStringsSep ":" [
    "/run/current-system/sw/bin"
    "/nix/var/nix/profiles/default/bin"
    "${pkgs.git}/bin"
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
    defaultStateDir = "/var/lib/nixfleet-agent";
    defaultStateDirText = "\"/var/lib/nixfleet-agent\"";
    defaultPlatform = "darwin";
    platformText = "How the agent switches: `darwin` runs `darwin-rebuild switch --flake <repo>#<hostname>`.";
  };

  config = lib.mkIf cfg.enable {
    assertions = common.assertions "services.nixfleet-agent" cfg;

    launchd.daemons.nixfleet-agent.serviceConfig = {
      Label = label;
      ProgramArguments = common.commandLine cfg { tokenFile = toString cfg.tokenFile; };
      RunAtLoad = true;
      # Restarted whenever it exits: after a crash, and on exit code 75 ("restart me").
      KeepAlive = true;
      ThrottleInterval = 10;
      StandardOutPath = logFile;
      StandardErrorPath = logFile;
      # 0077: the state directory, the host token and the journal are root's alone.
      Umask = 63;
      EnvironmentVariables = {
        HOME = "/var/root";
        PATH = searchPath;
        # nix-darwin writes each daemon's plist as /Library/LaunchDaemons/<Label>.plist.
        NIXFLEET_AGENT_SELF_PATH = "/Library/LaunchDaemons/${label}.plist";
        # Builds go through nix-daemon and its sandbox, not through this process tree.
        NIX_REMOTE = "daemon";
      };
    };
  };
}
