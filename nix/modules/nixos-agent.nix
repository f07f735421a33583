# services.nixfleet-agent on NixOS: the agent as a root systemd service.
#
# The agent runs `nixos-rebuild switch` itself, from inside this unit, so the switch must not
# restart (and so kill) the unit: `restartIfChanged = false`. When a switch changes the unit (a new
# agent package or new options), the agent sees its unit file change (NIXFLEET_AGENT_SELF_PATH),
# delivers the result, and exits with 75; systemd then starts the new unit.
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
  unitName = "nixfleet-agent.service";

  # systemd expands % specifiers in most settings; a literal % is written %%.
  escapeSpecifiers = builtins.replaceStrings [ "%" ] [ "%%" ];

  # systemd copies the token into a directory only this service can read; %d is that directory.
  credentialPath = "%d/token";
  stateDirectory =
    if lib.hasPrefix "/var/lib/" cfg.stateDir then lib.removePrefix "/var/lib/" cfg.stateDir else null;
in
{
  options.services.nixfleet-agent = common.options {
    defaultPackage = packages.${system}.nixfleet-agent or pkgs.nixfleet-agent;
    defaultPackageText = "nixfleet.packages.\${pkgs.stdenv.hostPlatform.system}.nixfleet-agent";
    defaultStateDir = "/var/lib/nixfleet-agent";
    defaultStateDirText = "\"/var/lib/nixfleet-agent\"";
    defaultPlatform = "nixos";
    platformText = "How the agent switches: `nixos` runs `nixos-rebuild switch --flake <repo>#<hostname>`.";
  };

  config = lib.mkIf cfg.enable {
    assertions = common.assertions "services.nixfleet-agent" cfg;

    systemd.services.nixfleet-agent = {
      description = "NixFleet agent";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [
        "network-online.target"
        "nix-daemon.socket"
      ];

      # See the top of this file: the switch the agent runs must not restart it.
      restartIfChanged = false;

      # nixos-rebuild, nix and git for the commands; the current system's tools for the host's
      # own test scripts (hosts/<host>/tests/T*.sh).
      path = [
        config.system.build.nixos-rebuild
        config.nix.package
        pkgs.git
        pkgs.openssh
        "/run/current-system/sw"
      ];

      environment = {
        NIXFLEET_AGENT_SELF_PATH = "/etc/systemd/system/${unitName}";
        # Builds go through nix-daemon and its sandbox, not through this process tree.
        NIX_REMOTE = "daemon";
      };

      unitConfig = {
        # Never give up: a missing token file at boot (secrets not yet decrypted) is retried.
        StartLimitIntervalSec = 0;
      };

      serviceConfig = {
        Type = "simple";
        ExecStart = common.toExecStart { verbatim = [ credentialPath ]; } (
          common.commandLine cfg { tokenFile = credentialPath; }
        );
        LoadCredential = [ "token:${escapeSpecifiers (toString cfg.tokenFile)}" ];
        Restart = "on-failure";
        RestartSec = 5;
        # 75: "restart me" (a switch replaced the agent); restarted even if Restart= is changed.
        RestartForceExitStatus = 75;
        WorkingDirectory = cfg.stateDir;

        # Hardening, as far as a root agent that runs `nixos-rebuild switch` allows. The switch
        # writes /nix, /boot, /etc and home directories, installs setuid wrappers, sets the host
        # name and may build i686 packages, so ProtectSystem, ProtectHome, PrivateDevices,
        # NoNewPrivileges, RestrictSUIDSGID, ProtectHostname, LockPersonality and
        # SystemCallArchitectures stay off; MemoryDenyWriteExecute would break Node's JIT.
        UMask = "0077";
        PrivateTmp = true;
        ProtectKernelLogs = true;
        RestrictRealtime = true;
        CapabilityBoundingSet = "~CAP_SYS_BOOT CAP_SYS_TIME CAP_WAKE_ALARM CAP_SYS_PACCT";
        SystemCallFilter = "~@clock @reboot @swap";
        SystemCallErrorNumber = "EPERM";
      }
      // lib.optionalAttrs (stateDirectory != null) {
        StateDirectory = stateDirectory;
        StateDirectoryMode = "0700";
      };
    };

    # A state directory outside /var/lib cannot be systemd's StateDirectory=.
    systemd.tmpfiles.rules = lib.mkIf (stateDirectory == null) [ "d ${cfg.stateDir} 0700 root root -" ];
  };
}
