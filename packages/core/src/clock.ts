// This module imports nothing, so `@rapport/core/clock` works without zod, kysely or vitest.

/** Where Rapport reads the time. Inject one into `createCrm` to control time in tests and replays. */
export interface Clock {
  /** The current instant. MUST return a valid Date. */
  now(): Date;
}

/** The wall clock. The default when `createCrm` gets no clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock that only moves when told to: the clock tests and replays inject. */
export interface ManualClock extends Clock {
  /** Jumps to an instant. */
  set(instant: Date | string): void;
  /** Moves forward (or back, with a negative value) by milliseconds or by a duration. */
  advance(by: number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number }): void;
}

/**
 * Creates a {@link ManualClock} starting at `start`. Throws `TypeError` for an instant
 * `Date` cannot read.
 *
 * @example
 * ```ts
 * import { manualClock } from "@rapport/core/clock";
 *
 * const clock = manualClock("2026-01-05T09:00:00Z");
 * const crm = await createCrm({ adapter, clock });
 * clock.advance({ hours: 4 });
 * await crm.jobs.runDue();
 * ```
 */
export function manualClock(start: Date | string = "2026-01-01T00:00:00.000Z"): ManualClock {
  let current = toMillis(start);
  return {
    now: () => new Date(current),
    set: (instant) => {
      current = toMillis(instant);
    },
    advance: (by) => {
      current +=
        typeof by === "number"
          ? by
          : (by.days ?? 0) * 86_400_000 +
            (by.hours ?? 0) * 3_600_000 +
            (by.minutes ?? 0) * 60_000 +
            (by.seconds ?? 0) * 1_000 +
            (by.ms ?? 0);
    },
  };
}

function toMillis(instant: Date | string): number {
  const millis = new Date(instant).getTime();
  if (Number.isNaN(millis)) throw new TypeError(`Not a valid instant: ${String(instant)}`);
  return millis;
}
