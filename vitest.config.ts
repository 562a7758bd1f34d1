import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Tests resolve workspace packages to their TypeScript source, so no build is needed first.
const SOURCE = "@rapport/source";

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions] } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "examples/*/src/**/*.test.ts",
      "tooling/*/src/**/*.test.ts",
      "bench/src/**/*.test.ts",
    ],
    typecheck: { enabled: true, include: ["packages/*/src/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
