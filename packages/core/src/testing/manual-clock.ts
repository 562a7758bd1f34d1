// The clock lives in `@rapport/core/clock`, which needs no vitest; the testing entry re-exports it.
export type { ManualClock } from "../clock.js";
export { manualClock } from "../clock.js";
