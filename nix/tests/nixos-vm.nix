# A NixOS VM test (`nix flake check` on Linux, with nixpkgs and KVM; it cannot run where nixpkgs is
# missing): one machine runs both modules; the dashboard answers its health check and the agent
# connects with the shared token it reads as a systemd credential.
{ self }:
let
  # bcrypt hash of "nixfleet-vm-test" (cost 10); test-only secrets.
  passwordHash = "$2b$10$wX07LYGw6HTyYfhCv4NDv.X7RCQJMhhiVhZiH2RA8LOTA106WvUB2";
  agentToken = "vm-test-agent-token-0123456789";
in
{
  name = "nixfleet";

  nodes.machine =
    { pkgs, ... }:
    {
      imports = [
        self.nixosModules.nixfleet-dashboard
        self.nixosModules.nixfleet-agent
      ];
      virtualisation.memorySize = 2048;
      # The test framework leaves switch-to-configuration out unless asked; the last step runs it.
      system.switch.enable = true;

      environment.etc."nixfleet/dashboard.env" = {
        mode = "0400";
        text = ''
          NIXFLEET_PASSWORD_HASH=${passwordHash}
          NIXFLEET_SESSION_SECRET=vm-test-session-secret-0123456789abcdef
          NIXFLEET_AGENT_TOKEN=${agentToken}
        '';
      };
      environment.etc."nixfleet/agent-token" = {
        mode = "0400";
        text = agentToken;
      };
      systemd.tmpfiles.rules = [ "d /var/lib/nixcfg 0700 root root -" ];

      services.nixfleet-dashboard = {
        enable = true;
        environmentFile = "/etc/nixfleet/dashboard.env";
      };
      services.nixfleet-agent = {
        enable = true;
        url = "http://127.0.0.1:8000";
        tokenFile = "/etc/nixfleet/agent-token";
        isolatedRepoMode = false;
        repoDir = "/var/lib/nixcfg";
        location = "cloud";
      };
      environment.systemPackages = [ pkgs.curl ];
    };

  testScript = ''
    machine.wait_for_unit("nixfleet-dashboard.service")
    machine.wait_for_open_port(8000)
    machine.succeed("curl -sf http://127.0.0.1:8000/api/health | grep -F '\"status\":\"ok\"'")
    machine.succeed("curl -sf http://127.0.0.1:8000/login | grep -i '<form'")

    machine.wait_for_unit("nixfleet-agent.service")
    machine.wait_until_succeeds("journalctl -u nixfleet-agent.service | grep -F connected", timeout=60)
    # The shared token was exchanged for a per-host token, kept private in the state directory.
    machine.wait_until_succeeds("test -f /var/lib/nixfleet-agent/host-token", timeout=30)
    machine.succeed("test $(stat -c %a /var/lib/nixfleet-agent) = 700")
    machine.succeed("systemctl show nixfleet-agent.service -p RestartForceExitStatus | grep -F 75")

    # The agent survives a switch that changes nothing, and is not restarted by it.
    pid = machine.succeed("systemctl show nixfleet-agent.service -p MainPID --value").strip()
    machine.succeed("/run/current-system/bin/switch-to-configuration test")
    assert pid == machine.succeed("systemctl show nixfleet-agent.service -p MainPID --value").strip()
  '';
}
