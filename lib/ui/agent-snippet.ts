/** Where the agent's repository comes from; the user replaces the example URL with their own. */
const REPO_URL_LINES = [
  "  # The flake repository the agent clones into its state directory. Left out, the agent takes",
  "  # the fleet target's repository (version.json), or the origin remote of the host's checkout.",
  `  repoUrl = "https://github.com/you/nixcfg.git";`,
];

/** The `services.nixfleet-agent` block of a host's configuration (NixOS, nix-darwin or Home Manager). */
function agentBlock(url: string, lines: string[]): string {
  return ["services.nixfleet-agent = {", "  enable = true;", `  url = "${url}";`, ...lines, "};", ""].join("\n");
}

/** The Nix for any host's configuration (the empty fleet page): NixOS or nix-darwin. */
export function agentConfigSnippet(dashboardUrl: string): string {
  return agentBlock(dashboardUrl, [`  tokenFile = "/run/secrets/nixfleet-agent-token";`, ...REPO_URL_LINES]);
}

/** The Nix a user pastes to give a host its token, with agenix (and the sops-nix variant). */
export function hostTokenSnippet(hostname: string, dashboardUrl: string): string {
  const url = dashboardUrl.replace(/^http/, "ws");
  return `# Encrypt the token for ${hostname}, e.g. with agenix:
#   echo -n '<token>' | agenix -e secrets/nixfleet-${hostname}.age
age.secrets.nixfleet-token.file = ./secrets/nixfleet-${hostname}.age;

${agentBlock(url, [
  "  tokenFile = config.age.secrets.nixfleet-token.path;",
  "  # with sops-nix instead: sops.secrets.nixfleet-token = { };",
  "  # tokenFile = config.sops.secrets.nixfleet-token.path;",
  ...REPO_URL_LINES,
  "  # The name it registers as and the flake attribute it switches to (nixosConfigurations.<name>).",
  `  hostname = "${hostname}";`,
])}`;
}
