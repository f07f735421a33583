import { readlinkSync } from "node:fs";
import path from "node:path";

/**
 * A store path inside a path: `/nix/store/<name>`, or the same under a chroot store's root
 * (`nix --store /srv/root` keeps `/nix/store/<name>` at `/srv/root/nix/store/<name>`), which is how
 * the tests' fake Nix world keeps its generations. The logical store path is what is reported.
 */
const STORE_PATH = /^(?:\/.*?)?(\/nix\/store\/[^/]+)/;

/**
 * Follows a chain of links (a profile → its generation link → the store) until it reaches
 * /nix/store/<name>, and returns that store path; null when the chain ends elsewhere or is broken.
 */
export function resolveStorePath(link: string, maxHops = 10): string | null {
  let current = link;
  for (let hop = 0; hop < maxHops; hop += 1) {
    let target: string;
    try {
      target = readlinkSync(current);
    } catch {
      return null;
    }
    current = path.resolve(path.dirname(current), target);
    const inStore = STORE_PATH.exec(current);
    if (inStore?.[1] !== undefined) return inStore[1];
  }
  return null;
}
