import { defineConfig, mergeConfig } from "vitest/config";
import base from "../vitest.config";

// The fault tests of README's "Nothing lost": each reproduces a fault with real parts and failed before its fix.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: [
        "lib/fleet/command-service.test.ts",
        "lib/fleet/command-lifecycle.test.ts",
        "lib/fleet/command-clock.test.ts",
        "lib/fleet/bulk-runs.test.ts",
        "lib/fleet/dashboard-health.test.ts",
        "lib/gateway/handle-message.test.ts",
        "lib/store/store-probe.test.ts",
        "lib/store/sqlite-check.test.ts",
        "lib/store/output-text.test.ts",
        "lib/cluster/socket-adapter.test.ts",
        "lib/cluster/replica-hearing.test.ts",
      ],
    },
  }),
);
