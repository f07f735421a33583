# What the NixOS, nix-darwin and Home Manager agent modules share: the options (every option of the
# README's table, with the defaults of the agent's own CLI in agent/cli.ts), the checks across
# options, and the agent's command line.
{ lib }:
let
  inherit (lib) mkOption types;

  # The agent refuses these too (agent/cli.ts, lib/protocol/fields.ts); refusing them here turns a
  # crash-looping service into an evaluation error that names the option.
  branchType = types.addCheck (types.strMatching "[A-Za-z0-9._/-]{1,200}") (
    branch: !(lib.hasPrefix "-" branch) && !(lib.hasInfix ".." branch)
  );
  hostnameType = types.strMatching "[A-Za-z0-9][A-Za-z0-9_-]{0,62}";
  urlType = types.strMatching "(wss?|https?)://[^[:space:]/?#@]+(/[^[:space:]]*)?";

  # systemd's ExecStart= reads C-style quoted words and expands % specifiers and $ variables;
  # quoting every argument this way passes it through unchanged (as nixpkgs' utils.escapeSystemdExecArg).
  escapeSystemdExecArg = arg: builtins.replaceStrings [ "%" "$" ] [ "%%" "$$" ] (builtins.toJSON arg);
in
{
  options =
    {
      defaultPackage,
      defaultPackageText,
      defaultStateDir,
      defaultStateDirText,
      defaultPlatform,
      platformText,
    }:
    {
      enable = lib.mkEnableOption "the NixFleet agent, which connects this host to a NixFleet dashboard and runs its pull, switch and test commands";

      package = mkOption {
        type = types.package;
        default = defaultPackage;
        defaultText = lib.literalExpression defaultPackageText;
        description = "The nixfleet-agent package to run.";
      };

      url = mkOption {
        type = urlType;
        example = "wss://fleet.example.com";
        description = "The dashboard's URL: `wss://` (recommended), `ws://`, `https://` or `http://`.";
      };

      tokenFile = mkOption {
        type = types.path;
        example = "/run/agenix/nixfleet-token";
        description = ''
          File holding the agent token, raw or as a line `NIXFLEET_TOKEN=…` (an agenix or sops-nix
          secret, for example). Give it as a string: a path literal such as `./token` would be
          copied into the world-readable Nix store, so it is refused.
        '';
      };

      isolatedRepoMode = mkOption {
        type = types.bool;
        default = true;
        description = ''
          Keep an own clone of `repoUrl` in the state directory and pull with
          `git fetch` + `git reset --hard`, instead of working in `repoDir`.
        '';
      };

      repoUrl = mkOption {
        type = types.nullOr types.nonEmptyStr;
        default = null;
        example = "https://github.com/example/nixcfg.git";
        description = ''
          Git URL of the flake repository, cloned in isolated mode. `null`: the agent takes the
          repository of the dashboard's fleet target (`version.json`'s `repo`), or else the
          `origin` remote of the host's configuration checkout, and says which in its log.
        '';
      };

      repoDir = mkOption {
        type = types.nullOr types.nonEmptyStr;
        default = null;
        example = "/home/alice/nixcfg";
        description = "The flake checkout to pull, switch and test when `isolatedRepoMode` is off (required then).";
      };

      branch = mkOption {
        type = branchType;
        default = "main";
        description = "Branch followed in isolated mode.";
      };

      interval = mkOption {
        type = types.ints.between 1 3600;
        default = 30;
        description = "Heartbeat interval in seconds.";
      };

      location = mkOption {
        type = types.enum [
          "cloud"
          "home"
          "work"
          "other"
        ];
        default = "other";
        description = "Where the host is, shown on the dashboard.";
      };

      deviceType = mkOption {
        type = types.enum [
          "server"
          "desktop"
          "laptop"
          "gaming"
          "other"
        ];
        default = "server";
        description = "What kind of machine the host is, shown on the dashboard.";
      };

      themeColor = mkOption {
        type = types.strMatching "#[0-9a-fA-F]{6}";
        default = "#769ff0";
        description = "Colour of the host's row on the dashboard, as `#rrggbb`.";
      };

      hostname = mkOption {
        type = types.nullOr hostnameType;
        default = null;
        example = "my-server";
        description = ''
          Name the host registers as, and the flake attribute it switches to. `null`: the
          machine's short host name.
        '';
      };

      stateDir = mkOption {
        type = types.strMatching "/[^[:space:]%]*";
        default = defaultStateDir;
        defaultText = lib.literalExpression defaultStateDirText;
        description = "Directory for the host token, the command journal, the outbox and the isolated clone.";
      };

      platform = mkOption {
        type = types.enum [
          "nixos"
          "darwin"
          "home-manager"
        ];
        default = defaultPlatform;
        description = platformText;
      };

      logLevel = mkOption {
        type = types.enum [
          "debug"
          "info"
          "warn"
          "error"
        ];
        default = "info";
        description = "How much the agent logs.";
      };

      confirmTimeout = mkOption {
        type = types.ints.between 0 3600;
        default = 120;
        description = ''
          Confirm-or-revert: seconds after a switch within which the agent must reach the dashboard
          over a new connection; without that confirmation a watchdog outside the agent switches the
          host back to the generation it ran before. `0` turns it off.
        '';
      };

      rollbackOnTestFailure = mkOption {
        type = types.bool;
        default = false;
        description = ''
          When the host's tests (`hosts/<host>/tests/T*.sh`) fail after a confirmed switch, switch back
          to the previous generation (the command ends `rolled back`). Off: the switch is only
          reported failed.
        '';
      };

      extraArgs = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [
          "--outbox-max-mb"
          "100"
        ];
        description = "Further command-line arguments for the agent (see `nixfleet-agent --help`).";
      };
    };

  # Checks across options, in the modules' `assertions` (prefix: the option path, for messages).
  assertions = prefix: cfg: [
    {
      assertion = !(builtins.isPath cfg.tokenFile);
      message = "${prefix}.tokenFile must be a string such as \"/run/agenix/nixfleet-token\": a path literal would copy the token into the world-readable Nix store.";
    }
    {
      assertion = !(lib.hasPrefix "/nix/store/" (toString cfg.tokenFile));
      message = "${prefix}.tokenFile must not be in the Nix store (${toString cfg.tokenFile}): everything there is world-readable.";
    }
    {
      assertion = cfg.isolatedRepoMode || cfg.repoDir != null;
      message = "${prefix}.repoDir must be set when isolatedRepoMode is false: it is the flake checkout the agent pulls and switches.";
    }
  ];

  # The agent's argv. `tokenFile` is what the agent is told to read (a credential path on NixOS).
  commandLine =
    cfg:
    { tokenFile }:
    [
      (lib.getExe' cfg.package "nixfleet-agent")
      "--url"
      cfg.url
      "--token-file"
      tokenFile
    ]
    ++ lib.optionals cfg.isolatedRepoMode [ "--isolated-repo-mode" ]
    ++ lib.optionals (cfg.isolatedRepoMode && cfg.repoUrl != null) [
      "--repo-url"
      cfg.repoUrl
    ]
    ++ lib.optionals (!cfg.isolatedRepoMode && cfg.repoDir != null) [
      "--repo-dir"
      cfg.repoDir
    ]
    ++ [
      "--branch"
      cfg.branch
      "--interval"
      (toString cfg.interval)
      "--location"
      cfg.location
      "--device-type"
      cfg.deviceType
      "--theme-color"
      cfg.themeColor
    ]
    ++ lib.optionals (cfg.hostname != null) [
      "--hostname"
      cfg.hostname
    ]
    ++ [
      "--state-dir"
      cfg.stateDir
      "--platform"
      cfg.platform
      "--log-level"
      cfg.logLevel
      "--confirm-timeout"
      (toString cfg.confirmTimeout)
    ]
    ++ lib.optionals cfg.rollbackOnTestFailure [ "--rollback-on-test-failure" ]
    ++ cfg.extraArgs;

  # A command line as systemd's ExecStart=; arguments listed in `verbatim` keep their specifiers.
  toExecStart =
    { verbatim ? [ ] }:
    args:
    lib.concatMapStringsSep " " (arg: if lib.elem arg verbatim then arg else escapeSystemdExecArg arg) args;
}
