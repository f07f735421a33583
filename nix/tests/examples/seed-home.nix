{
  services.nixfleet-agent = {
    enable = true;
    url = "wss://fleet.example.com";
    tokenFile = "/Users/yourname/.config/nixfleet/token";  # Store your token here
    isolatedRepoMode = true;
    location = "home";
    deviceType = "laptop";
  };
}
