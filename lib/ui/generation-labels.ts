/** "a1b2c3d…-nixos-system-web-1": a store path short enough for a list row (the full path is its tooltip). */
export function shortStorePath(storePath: string): string {
  const match = /^\/nix\/store\/([0-9a-z]{32})-(.+)$/.exec(storePath);
  return match ? `${match[1]?.slice(0, 7)}…-${match[2]}` : storePath;
}
