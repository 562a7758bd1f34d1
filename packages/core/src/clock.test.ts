import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manualClock, systemClock } from "./clock.js";
import { systemClock as kernelSystemClock } from "./kernel/clock.js";
import { manualClock as testingManualClock } from "./testing/index.js";

describe("@rapport/core/clock", () => {
  it("imports nothing, so node:test, jest and plain scripts can use it without zod, kysely or vitest", () => {
    const source = readFileSync(new URL("./clock.ts", import.meta.url), "utf8");
    expect(source.match(/^\s*(import|export)\b[^;]*\bfrom\s/gm) ?? []).toEqual([]);
    expect(source).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
  });

  it("is what the kernel and @rapport/core/testing export", () => {
    expect(kernelSystemClock).toBe(systemClock);
    expect(testingManualClock).toBe(manualClock);
  });

  it("manualClock moves only when set or advanced, and refuses an instant Date cannot read", () => {
    const clock = manualClock("2026-01-05T09:00:00Z");
    expect(clock.now().toISOString()).toBe("2026-01-05T09:00:00.000Z");
    clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4, ms: 5 });
    expect(clock.now().toISOString()).toBe("2026-01-06T11:03:04.005Z");
    clock.advance(-5);
    clock.set(new Date("2027-03-01T00:00:00Z"));
    expect(clock.now().toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(() => clock.set("not a date")).toThrow(TypeError);
    expect(clock.now().toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(systemClock.now()).toBeInstanceOf(Date);
  });
});
