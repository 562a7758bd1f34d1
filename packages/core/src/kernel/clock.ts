/** Where Rapport reads the time. Inject one into `createCrm` to control time in tests and replays. */
export interface Clock {
  /** The current instant. MUST return a valid Date. */
  now(): Date;
}

/** The wall clock. The default when `createCrm` gets no clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** The clock's time as the ISO-8601 UTC string records store (`2026-11-29T09:26:22.123Z`). */
export function isoNow(clock: Clock): string {
  return clock.now().toISOString();
}
