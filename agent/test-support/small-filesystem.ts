import { execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A real filesystem of its own (tmpfs) mounted on a directory, for tests of the agent on a full or
 * read-only state directory: real ENOSPC and EROFS, no stand-ins. Needs the right to mount (root);
 * `canMountSmallFilesystems()` says whether this machine gives it.
 */
export interface SmallFilesystem {
  dir: string;
  readOnly(): void;
  writable(): void;
  /** Takes every free byte with a filler file (ENOSPC from then on); `unfill` removes it. */
  fill(): void;
  unfill(): void;
  unmount(): void;
}

function mount(args: string[]): void {
  execFileSync("mount", args, { stdio: "pipe" });
}

/** Remounting read-only fails with EBUSY while a file is open for writing: try again a few times. */
function remount(dir: string, mode: "ro" | "rw"): void {
  for (let attempt = 0; ; attempt += 1) {
    try {
      mount(["-o", `remount,${mode}`, dir]);
      return;
    } catch (error) {
      if (attempt >= 50) throw error;
      execFileSync("sleep", ["0.05"]);
    }
  }
}

export function mountSmallFilesystem(dir: string, sizeBytes: number): SmallFilesystem {
  mkdirSync(dir, { recursive: true });
  mount(["-t", "tmpfs", "-o", `size=${Math.ceil(sizeBytes / 1024)}k,mode=0700`, "tmpfs", dir]);
  const filler = path.join(dir, ".filler");
  return {
    dir,
    readOnly: () => remount(dir, "ro"),
    writable: () => remount(dir, "rw"),
    fill: () => fillUp(filler),
    unfill: () => rmSync(filler, { force: true }),
    unmount() {
      execFileSync("umount", ["-l", dir], { stdio: "pipe" });
      rmdirSync(dir);
    },
  };
}

function fillUp(file: string): void {
  const fd = openSync(file, "a");
  const block = Buffer.alloc(4096, 120);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
}

let probed: boolean | null = null;

export function canMountSmallFilesystems(): boolean {
  if (probed !== null) return probed;
  const probeDir = path.join(mkdtempSync(path.join(os.tmpdir(), "nixfleet-mount-probe-")), "fs");
  try {
    mountSmallFilesystem(probeDir, 64 * 1024).unmount();
    probed = true;
  } catch {
    probed = false;
  } finally {
    rmSync(path.dirname(probeDir), { recursive: true, force: true });
  }
  return probed;
}
