import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDir } from "../test-support/fixtures";
import { canMountSmallFilesystems, mountSmallFilesystem } from "../test-support/small-filesystem";
import { detachedFiles, removeDetachedFiles } from "./detached";

describe.runIf(canMountSmallFilesystems())("removeDetachedFiles on a read-only state dir (a real tmpfs)", () => {
  it("leaves the files rather than throwing out of the command's end", () => {
    const { dir, cleanup } = temporaryDir();
    const fs = mountSmallFilesystem(path.join(dir, "state"), 64 * 1024);
    try {
      const files = detachedFiles(fs.dir, "11111111-1111-4111-8111-111111111111");
      mkdirSync(path.dirname(files.outputFile));
      writeFileSync(files.outputFile, "output\n");
      writeFileSync(files.exitFile, "0\n");
      fs.readOnly();
      expect(() => removeDetachedFiles(files)).not.toThrow();
      expect(existsSync(files.outputFile)).toBe(true);
    } finally {
      fs.unmount();
      cleanup();
    }
  });
});
