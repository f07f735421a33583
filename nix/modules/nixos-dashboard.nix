# services.nixfleet-dashboard on NixOS: the dashboard as a hardened systemd service (no container),
# with its SQLite database in /var/lib/nixfleet-dashboard. Migrations are applied at start.
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
  cfg = config.services.nixfleet-dashboard;
  inherit (lib) mkOption types;
  system = pkgs.stdenv.hostPlatform.system;
  dataDir = "/var/lib/nixfleet-dashboard";
in
{
  options.services.nixfleet-dashboard = {
    enable = lib.mkEnableOption "the NixFleet dashboard";

    package = mkOption {
      type = types.package;
      default = packages.${system}.nixfleet-dashboard or pkgs.nixfleet-dashboard;
      defaultText = lib.literalExpression "nixfleet.packages.\${pkgs.stdenv.hostPlatform.system}.nixfleet-dashboard";
      description = "The nixfleet-dashboard package to run.";
    };

    environmentFile = mkOption {
      type = types.nullOr types.path;
      default = null;
      example = "/run/agenix/nixfleet-dashboard.env";
      description = ''
        File with the dashboard's secrets, one `NAME=value` per line: `NIXFLEET_PASSWORD_HASH`,
        `NIXFLEET_SESSION_SECRET`, `NIXFLEET_AGENT_TOKEN` and optionally `NIXFLEET_TOTP_SECRET`,
        `NIXFLEET_OIDC_CLIENT_SECRET` and `DATABASE_URL` (the container's `.env` works unchanged). systemd reads it as root, so it
        can be readable by root only. Required.
      '';
    };

    port = mkOption {
      type = types.port;
      default = 8000;
      description = "Port to listen on.";
    };

    bindAddress = mkOption {
      type = types.str;
      default = "127.0.0.1";
      example = "0.0.0.0";
      description = "Address to listen on. The default expects a TLS reverse proxy on the same host.";
    };

    openFirewall = mkOption {
      type = types.bool;
      default = false;
      description = "Open `port` in the firewall.";
    };

    logLevel = mkOption {
      type = types.enum [
        "debug"
        "info"
        "warn"
        "error"
      ];
      default = "info";
      description = "How much the dashboard logs.";
    };

    versionUrl = mkOption {
      type = types.nullOr (types.strMatching "https?://[^[:space:]]+");
      default = null;
      example = "https://example.github.io/nixcfg/version.json";
      description = "URL of the `version.json` that sets the fleet target.";
    };

    trustedProxies = mkOption {
      type = types.listOf types.nonEmptyStr;
      default = [ ];
      example = [ "127.0.0.1" ];
      description = "Addresses of reverse proxies whose `X-Forwarded-For` is believed.";
    };

    commandLostAfterSeconds = mkOption {
      type = types.ints.positive;
      default = 900;
      description = "How long a command waits for its disconnected agent before it is marked lost.";
    };

    outputLimitMiB = mkOption {
      type = types.ints.between 1 1024;
      default = 64;
      description = "Output kept per command, in MiB; past it one line says where the output was cut.";
    };

    oidcIssuer = mkOption {
      type = types.nullOr (types.strMatching "https?://[^[:space:]]+");
      default = null;
      example = "https://keycloak.example.com/realms/infra";
      description = ''
        Issuer URL of an OpenID Provider for single sign-on (its `/.well-known/openid-configuration`
        is read at sign-in). The client secret goes in `environmentFile` as
        `NIXFLEET_OIDC_CLIENT_SECRET`; register `https://<dashboard>/api/auth/callback/oidc` as the
        client's redirect URI.
      '';
    };

    oidcClientId = mkOption {
      type = types.str;
      default = "nixfleet";
      description = "Client id of the dashboard at the OpenID Provider.";
    };

    oidcScopes = mkOption {
      type = types.str;
      default = "openid profile email groups";
      description = "Scopes asked for; they must make the provider put the groups claim in the ID token.";
    };

    oidcGroupsClaim = mkOption {
      type = types.nonEmptyStr;
      default = "groups";
      description = "The ID token claim that lists the user's groups.";
    };

    oidcGroupRoles = mkOption {
      type = types.attrsOf (
        types.enum [
          "viewer"
          "operator"
          "admin"
        ]
      );
      default = { };
      example = {
        fleet-admins = "admin";
        fleet-ops = "operator";
      };
      description = "Groups of the OpenID Provider and the role each gives (a user in several gets the highest).";
    };

    oidcDefaultRole = mkOption {
      type = types.enum [
        "none"
        "viewer"
        "operator"
        "admin"
      ];
      default = "none";
      description = "Role of a single sign-on user none of whose groups is mapped; `none` refuses them.";
    };

    enableMetrics = mkOption {
      type = types.bool;
      default = false;
      description = ''
        Serve Prometheus metrics at `GET /metrics` (`NIXFLEET_METRICS`). A scraper reads them with an API
        token of the `metrics` scope, created on the dashboard's tokens page.
      '';
    };

    extraEnvironment = mkOption {
      type = types.attrsOf types.str;
      default = { };
      example = {
        NEXTAUTH_URL = "https://fleet.example.com";
      };
      description = "Further environment variables for the dashboard (no secrets: they end up in the Nix store).";
    };
  };

  config = lib.mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.environmentFile != null;
        message = "services.nixfleet-dashboard.environmentFile must be set: it holds NIXFLEET_PASSWORD_HASH, NIXFLEET_SESSION_SECRET and NIXFLEET_AGENT_TOKEN.";
      }
      {
        assertion = cfg.environmentFile == null || !(builtins.isPath cfg.environmentFile);
        message = "services.nixfleet-dashboard.environmentFile must be a string such as \"/run/agenix/nixfleet-dashboard.env\": a path literal would copy the secrets into the world-readable Nix store.";
      }
    ];

    networking.firewall.allowedTCPPorts = lib.mkIf cfg.openFirewall [ cfg.port ];

    systemd.services.nixfleet-dashboard = {
      description = "NixFleet dashboard";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [ "network-online.target" ];

      environment =
        {
          NODE_ENV = "production";
          NEXT_TELEMETRY_DISABLED = "1";
          NIXFLEET_DATA_DIR = dataDir;
          HOME = dataDir;
          XDG_CACHE_HOME = "/var/cache/nixfleet-dashboard";
          PORT = toString cfg.port;
          NIXFLEET_BIND_ADDRESS = cfg.bindAddress;
          NIXFLEET_LOG_LEVEL = cfg.logLevel;
          NIXFLEET_COMMAND_LOST_AFTER_SECONDS = toString cfg.commandLostAfterSeconds;
          NIXFLEET_OUTPUT_LIMIT_MIB = toString cfg.outputLimitMiB;
          NIXFLEET_METRICS = if cfg.enableMetrics then "on" else "off";
        }
        // lib.optionalAttrs (cfg.versionUrl != null) { NIXFLEET_VERSION_URL = cfg.versionUrl; }
        // lib.optionalAttrs (cfg.trustedProxies != [ ]) {
          NIXFLEET_TRUSTED_PROXIES = lib.concatStringsSep "," cfg.trustedProxies;
        }
        // lib.optionalAttrs (cfg.oidcIssuer != null) {
          NIXFLEET_OIDC_ISSUER = cfg.oidcIssuer;
          NIXFLEET_OIDC_CLIENT_ID = cfg.oidcClientId;
          NIXFLEET_OIDC_SCOPES = cfg.oidcScopes;
          NIXFLEET_OIDC_GROUPS_CLAIM = cfg.oidcGroupsClaim;
          NIXFLEET_OIDC_GROUP_ROLES = lib.concatStringsSep "," (lib.mapAttrsToList (group: role: "${group}=${role}") cfg.oidcGroupRoles);
          NIXFLEET_OIDC_DEFAULT_ROLE = cfg.oidcDefaultRole;
        }
        // cfg.extraEnvironment;

      serviceConfig = {
        Type = "simple";
        ExecStart = lib.getExe' cfg.package "nixfleet-dashboard";
        EnvironmentFile = lib.mkIf (cfg.environmentFile != null) (toString cfg.environmentFile);
        Restart = "on-failure";
        RestartSec = 5;

        DynamicUser = true;
        StateDirectory = "nixfleet-dashboard";
        StateDirectoryMode = "0700";
        CacheDirectory = "nixfleet-dashboard";
        WorkingDirectory = dataDir;
        UMask = "0077";

        # Hardening: the dashboard only needs its state directory and the network.
        CapabilityBoundingSet = "";
        AmbientCapabilities = "";
        NoNewPrivileges = true;
        ProtectSystem = "strict";
        ProtectHome = true;
        PrivateTmp = true;
        PrivateDevices = true;
        PrivateUsers = true;
        ProtectHostname = true;
        ProtectClock = true;
        ProtectKernelTunables = true;
        ProtectKernelModules = true;
        ProtectKernelLogs = true;
        ProtectControlGroups = true;
        ProtectProc = "invisible";
        RestrictAddressFamilies = [
          "AF_UNIX"
          "AF_INET"
          "AF_INET6"
          "AF_NETLINK"
        ];
        RestrictNamespaces = true;
        RestrictRealtime = true;
        RestrictSUIDSGID = true;
        LockPersonality = true;
        RemoveIPC = true;
        SystemCallArchitectures = "native";
        SystemCallFilter = [
          "@system-service"
          "~@privileged"
        ];
        SystemCallErrorNumber = "EPERM";
        # MemoryDenyWriteExecute stays off: Node's JIT writes executable memory.
      };
    };
  };
}
