{ config, ... }:
{
  # Store your token securely (we recommend agenix or sops-nix)
  age.secrets.nixfleet-token.file = ./secrets/nixfleet-token.age;

  services.nixfleet-agent = {
    enable = true;
    url = "wss://fleet.example.com";      # Your dashboard URL (note: wss:// not https://)
    tokenFile = config.age.secrets.nixfleet-token.path;
    isolatedRepoMode = true;              # Highly recommended!
    location = "cloud";                   # Where is this machine? (cloud, home, work, other)
    deviceType = "server";                # What kind of machine? (server, desktop, laptop, gaming, other)
  };
}
