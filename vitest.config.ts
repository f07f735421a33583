import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "agent/**/*.test.ts", "nix/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    // The first store of a test file runs the migrations through the Prisma CLI: slow on a busy machine.
    hookTimeout: 60_000,
  },
});
