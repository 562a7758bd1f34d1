import type { Clock } from "../clock.js";

export type { Clock } from "../clock.js";
export { systemClock } from "../clock.js";

/** The clock's time as the ISO-8601 UTC string records store (`2026-11-29T09:26:22.123Z`). */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
