import { defineConfig } from "tsup";

/**
 * `@rapport/core/clock`, built after the other entries (`pnpm build` runs this second) and
 * without a chunk shared with them, so `dist/clock.js` imports nothing.
 */
export default defineConfig({
  entry: ["src/clock.ts"],
  format: ["esm"],
  dts: true,
  sourcemap: true,
  splitting: false,
  clean: false,
  target: "node20",
});
