import { fileURLToPath } from "node:url";
import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Like the workspace config, the run resolves workspace packages to their TypeScript source.
const SOURCE = "@rapport/source";

export default defineConfig({
  // Run from the workspace root (`pnpm test:reliability`) or here: paths are this package's.
  root: fileURLToPath(new URL(".", import.meta.url)),
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions] } },
  test: {
    // Named *.reliability.ts so the workspace's `pnpm test` (which takes *.test.ts) leaves them out.
    include: ["reliability/**/*.reliability.ts"],
    globalSetup: ["src/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
