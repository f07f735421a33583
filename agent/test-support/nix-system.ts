import { lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeScript } from "./fixtures";

/** What a system of the model contains; `size` in bytes, `hash` stands for the unit file's contents. */
export interface SystemContents {
  packages: { name: string; version: string; size?: number }[];
  units: { name: string; hash: string; onChange?: "restart" | "reload" }[];
}

/** The profile's name, as in /nix/var/nix/profiles/system (Home Manager's would be home-manager). */
const PROFILE = "system";

/**
 * The tests' model of what the Nix tools do to a host's system state, the one place the fakes share:
 * a chroot-style store under `<dir>/root` (`/nix/store/x` lives at `<dir>/root/nix/store/x`, and the
 * agent reads links into it as `/nix/store/x`), a profile `<dir>/profiles/system` with numbered
 * `system-<N>-link` generations, and a `current-system` link (the /run/current-system of the host).
 * Each system in the store has `bin/switch-to-configuration` (NixOS) and `activate` (Home Manager,
 * nix-darwin), which make it the running system and then run its activation hook, if the test set
 * one: the place where a test breaks the network or the agent. The fake rebuild tools call
 * `activate-new <storePath>` (below) after a successful build, as `nixos-rebuild switch` runs
 * `nix-env --set` and then the new system's `switch-to-configuration switch`.
 */
export class NixSystem {
  readonly profile: string;
  readonly currentLink: string;
  readonly storeRoot: string;

  constructor(readonly dir: string) {
    this.profile = path.join(dir, "profiles", PROFILE);
    this.currentLink = path.join(dir, "current-system");
    this.storeRoot = path.join(dir, "root");
    mkdirSync(path.dirname(this.profile), { recursive: true });
  }

  /** Puts `storePath` into the store (with its activation programs), if it is not there yet; returns where it lives. */
  ensureSystem(storePath: string): string {
    const real = this.realPath(storePath);
    writeScript(
      path.join(real, "bin", "switch-to-configuration"),
      // What the real one does to the state the agent reads: /run/current-system becomes this system.
      `[ "$1" = switch ] || { echo "switch-to-configuration (fake): only 'switch' is modelled" >&2; exit 1; }
echo "activating ${storePath}"
ln -sfn "${real}" "${this.currentLink}"
if [ -f "${real}/activation-hook" ]; then sh "${real}/activation-hook" || exit $?; fi`,
    );
    writeScript(path.join(real, "activate"), `exec "${real}/bin/switch-to-configuration" switch`);
    return real;
  }

  /** A shell script run at the end of `storePath`'s activation (a failure fails the activation). */
  setActivationHook(storePath: string, body: string): void {
    writeFileSync(path.join(this.ensureSystem(storePath), "activation-hook"), `${body}\n`);
  }

  /**
   * What `storePath` holds, for the preview stand-ins (nix-preview-stand-in.mjs): its packages (a
   * closure diff compares two systems' lists) and its units (dry-activate stops the units only the
   * running system has, starts the new ones, and restarts or reloads those whose `hash` changed).
   */
  setContents(storePath: string, contents: SystemContents): void {
    writeFileSync(path.join(this.ensureSystem(storePath), "fake-contents.json"), JSON.stringify(contents));
  }

  /** A host installed with `storePath` as generation 1, running it; nothing is done when it has a profile. */
  install(storePath: string): void {
    if (this.generations().length > 0) return;
    const number = this.addGeneration(storePath);
    this.setProfile(number);
    symlinkSync(this.ensureSystem(storePath), this.currentLink);
  }

  /** `nix-env -p <profile> --set <storePath>`: a new generation unless the profile already is that system. */
  addGeneration(storePath: string): number {
    const real = this.ensureSystem(storePath);
    const newest = this.generations()[0];
    if (newest && this.profileNumber() === newest.number && newest.storePath === storePath) return newest.number;
    const number = (newest?.number ?? 0) + 1;
    symlinkSync(real, this.generationLink(number));
    return number;
  }

  setProfile(number: number): void {
    const temporary = `${this.profile}.tmp`;
    rmSync(temporary, { force: true });
    symlinkSync(path.basename(this.generationLink(number)), temporary);
    // A rename over the old link: atomic, as nix-env's switch is.
    renameSync(temporary, this.profile);
  }

  /** The generations, newest first, with the store path each holds. */
  generations(): { number: number; storePath: string }[] {
    const pattern = new RegExp(`^${PROFILE}-(\\d+)-link$`);
    return readdirSync(path.dirname(this.profile))
      .flatMap((name) => {
        const match = pattern.exec(name);
        return match?.[1] === undefined ? [] : [{ number: Number(match[1]), storePath: this.logical(readlinkSync(path.join(path.dirname(this.profile), name))) }];
      })
      .sort((a, b) => b.number - a.number);
  }

  /** The running system's store path. */
  current(): string | null {
    return lstatSync(this.currentLink, { throwIfNoEntry: false }) ? this.logical(readlinkSync(this.currentLink)) : null;
  }

  /** The generation the profile points at. */
  profileNumber(): number | null {
    try {
      return Number(/-(\d+)-link$/.exec(readlinkSync(this.profile))?.[1] ?? Number.NaN);
    } catch {
      return null;
    }
  }

  /**
   * The stand-ins that act on this model, into `bin`: `nix-env` (--switch-generation, --set) and
   * `nixos-system-activate-new`, which the fake rebuild tools run after a successful build. Both
   * find the host's model through $FAKE_NIX_CONTROL (the model's `dir`).
   */
  static installTools(bin: string): void {
    writeScript(
      path.join(bin, "nix-env"),
      `c="$FAKE_NIX_CONTROL"
echo "nix-env $*" >> "$c/calls"
profile=""; generation=""
while [ $# -gt 0 ]; do
  case "$1" in
    -p|--profile) profile=$2; shift 2 ;;
    --switch-generation|-G) generation=$2; shift 2 ;;
    *) echo "nix-env (fake): unsupported argument $1" >&2; exit 1 ;;
  esac
done
[ -n "$profile" ] && [ -n "$generation" ] || { echo "nix-env (fake): expected -p PROFILE --switch-generation N" >&2; exit 1; }
link="$(basename "$profile")-$generation-link"
[ -L "$(dirname "$profile")/$link" ] || { echo "error: generation $generation does not exist" >&2; exit 1; }
echo "switching profile from version $(readlink "$profile" | sed 's/.*-\\([0-9]*\\)-link/\\1/') to $generation"
ln -sfn "$link" "$profile"`,
    );
    writeScript(
      path.join(bin, "nixos-system-activate-new"),
      `# $1: the new system's store path; $2: switch-to-configuration or activate
c="$FAKE_NIX_CONTROL"; p=$1; profile="$c/profiles/${PROFILE}"
real="$c/root$p"
[ -d "$real" ] || { echo "fake store: $p was not built (set it with the test's model)" >&2; exit 1; }
newest=$(ls "$c/profiles" | sed -n 's/^${PROFILE}-\\([0-9]*\\)-link$/\\1/p' | sort -n | tail -1)
if [ -z "$newest" ] || [ "$(readlink "$profile")" != "${PROFILE}-$newest-link" ] || [ "$(readlink "$c/profiles/${PROFILE}-$newest-link")" != "$real" ]; then
  n=$(( \${newest:-0} + 1 ))
  ln -s "$real" "$c/profiles/${PROFILE}-$n-link"
  ln -sfn "${PROFILE}-$n-link" "$profile"
fi
if [ "$2" = activate ]; then exec "$real/activate"; else exec "$real/bin/switch-to-configuration" switch; fi`,
    );
  }

  private generationLink(number: number): string {
    return path.join(path.dirname(this.profile), `${PROFILE}-${number}-link`);
  }

  private realPath(storePath: string): string {
    return path.join(this.storeRoot, storePath);
  }

  private logical(real: string): string {
    return real.startsWith(this.storeRoot) ? real.slice(this.storeRoot.length) : real;
  }
}
