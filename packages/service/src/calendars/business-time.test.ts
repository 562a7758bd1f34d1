import { describe, expect, it } from "vitest";
import type { Holiday, WorkingHours } from "./business-calendar-schema.js";
import {
  addBusinessMinutes,
  type BusinessSchedule,
  businessMinutesBetween,
  frozenSchedule,
  isWithinBusinessHours,
} from "./business-time.js";

const weekdays = (start: string, end: string): WorkingHours[] =>
  [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start, end }) as WorkingHours);

const schedules: BusinessSchedule[] = [
  {
    timeZone: "Europe/Berlin",
    workingHours: [...weekdays("09:00", "12:30"), ...weekdays("13:30", "17:00")],
    holidays: [{ name: "Easter", start: "2026-04-03", end: "2026-04-06" } as Holiday],
  },
  { timeZone: "America/New_York", workingHours: weekdays("08:00", "24:00"), holidays: [] },
  { timeZone: "Australia/Lord_Howe", workingHours: weekdays("00:00", "24:00"), holidays: [] },
];

/** A deterministic spread of instants over 2026, DST changes included. */
function* instants(count: number): Generator<Date> {
  let seed = 7;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    yield new Date(Date.UTC(2026, 0, 1) + (seed % (365 * 24 * 60)) * 60_000);
  }
}

describe("business time on a frozen schedule", () => {
  it("answers as the schedule it was made from, asked many times over the same days", () => {
    for (const schedule of schedules) {
      const frozen = frozenSchedule(schedule);
      expect(Object.isFrozen(frozen.workingHours[0])).toBe(true);
      for (const at of instants(400)) {
        const later = new Date(at.getTime() + 3 * 86_400_000);
        for (const minutes of [1, 95, 480, 2_400]) {
          expect(addBusinessMinutes(frozen, at, minutes)).toEqual(addBusinessMinutes(schedule, at, minutes));
        }
        expect(businessMinutesBetween(frozen, at, later)).toBe(businessMinutesBetween(schedule, at, later));
        expect(isWithinBusinessHours(frozen, at)).toBe(isWithinBusinessHours(schedule, at));
      }
    }
  });

  it("works a caller's own schedule out afresh, so a change to it counts", () => {
    const schedule = { timeZone: "UTC", workingHours: weekdays("09:00", "17:00"), holidays: [] as Holiday[] };
    const thursday = new Date("2026-04-02T16:00:00Z");
    expect(addBusinessMinutes(schedule, thursday, 120).toISOString()).toBe("2026-04-03T10:00:00.000Z");
    schedule.holidays.push({ name: "Good Friday", start: "2026-04-03", end: "2026-04-03" } as Holiday);
    expect(addBusinessMinutes(schedule, thursday, 120).toISOString()).toBe("2026-04-06T10:00:00.000Z");
  });
});
