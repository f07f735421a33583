/** The Nix a user pastes to give a host its token, with agenix (and the sops-nix variant). */
export function hostTokenSnippet(hostname: string, dashboardUrl: string): string {
  const url = dashboardUrl.replace(/^http/, "ws");
  return `# Encrypt the token for ${hostname}, e.g. with agenix:
#   echo -n '<token>' | agenix -e secrets/nixfleet-${hostname}.age
age.secrets.nixfleet-token.file = ./secrets/nixfleet-${hostname}.age;

services.nixfleet-agent = {
  enable = true;
  url = "${url}";
  tokenFile = config.age.secrets.nixfleet-token.path;
  # with sops-nix instead: sops.secrets.nixfleet-token = { };
  # tokenFile = config.sops.secrets.nixfleet-token.path;
};
`;
}
