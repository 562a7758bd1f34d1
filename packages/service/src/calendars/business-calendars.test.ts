import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { OFFICE_HOURS, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service business calendars", (target) => {
  const t = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [service({ timeZone: "Europe/Berlin" })],
  });

  it("seeds a Monday–Friday 09:00–17:00 calendar in the module's time zone", async () => {
    const { calendar } = await serviceTenant(t);
    expect(calendar).toMatchObject({ timeZone: "Europe/Berlin", holidays: [] });
    expect(calendar.workingHours).toEqual(OFFICE_HOURS);
  });

  it("adds business minutes across a weekend and the DST change (Europe/Berlin, last Sunday of March)", async () => {
    const { admin, calendar } = await serviceTenant(t);
    // Friday 16:00 CET + 8 business hours = Monday 16:00 CEST, which is 14:00 UTC (not 15:00).
    expect(await admin.service.calendars.addBusinessMinutes(calendar.id, "2026-03-27T15:00:00Z", 480)).toBe(
      "2026-03-30T14:00:00.000Z",
    );
    expect(
      await admin.service.calendars.businessMinutesBetween(calendar.id, "2026-03-27T15:00:00Z", "2026-03-30T14:00:00Z"),
    ).toBe(480);
    expect(await admin.service.calendars.isOpen(calendar.id, "2026-03-30T07:00:00Z")).toBe(true);
    expect(await admin.service.calendars.isOpen(calendar.id, "2026-03-30T06:59:00Z")).toBe(false);
    expect(await admin.service.calendars.isOpen(calendar.id, "2026-03-28T12:00:00Z")).toBe(false);
  });

  it("skips holidays, including a range of days", async () => {
    const { admin } = await serviceTenant(t);
    const easter = await admin.service.calendars.create({
      name: "Easter closure",
      timeZone: "Europe/Berlin",
      workingHours: OFFICE_HOURS,
      holidays: [
        { name: "Good Friday", start: "2026-04-03" },
        { name: "Easter Monday", start: "2026-04-06", end: "2026-04-06" },
      ],
    });
    // Thursday 16:00 CEST + 2 hours: one today, then Friday and Monday are holidays → Tuesday 10:00 CEST.
    expect(await admin.service.calendars.addBusinessMinutes(easter.id, "2026-04-02T14:00:00Z", 120)).toBe(
      "2026-04-07T08:00:00.000Z",
    );
    expect(easter.holidays).toEqual([
      { name: "Good Friday", start: "2026-04-03", end: "2026-04-03" },
      { name: "Easter Monday", start: "2026-04-06", end: "2026-04-06" },
    ]);
  });

  it("counts working hours in other zones and around the clock", async () => {
    const { admin } = await serviceTenant(t);
    const newYork = await admin.service.calendars.create({
      name: "NY",
      timeZone: "America/New_York",
      workingHours: OFFICE_HOURS,
    });
    // Friday 16:55 EST + 10 minutes: 5 on Friday, 5 on Monday after the US DST change (8 March) — 09:05 EDT is 13:05 UTC.
    expect(await admin.service.calendars.addBusinessMinutes(newYork.id, "2026-03-06T21:55:00Z", 10)).toBe(
      "2026-03-09T13:05:00.000Z",
    );
    const always = await admin.service.calendars.create({
      name: "24/7",
      timeZone: "UTC",
      workingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: "00:00", end: "24:00" })),
    });
    expect(await admin.service.calendars.addBusinessMinutes(always.id, "2026-03-28T22:00:00Z", 180)).toBe(
      "2026-03-29T01:00:00.000Z",
    );
  });

  it("refuses overlapping holiday ranges with a ValidationError and writes nothing", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.calendars.create({
        name: "Clash",
        timeZone: "Europe/Berlin",
        workingHours: OFFICE_HOURS,
        holidays: [
          { name: "Christmas", start: "2026-12-24", end: "2026-12-26" },
          { name: "Boxing Day", start: "2026-12-26" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["holidays", 1]);
  });

  it("refuses overlapping holidays on update too, and keeps the calendar as it was", async () => {
    const { tenantId, admin, calendar } = await serviceTenant(t);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.calendars.update(calendar.id, {
        holidays: [
          { name: "A", start: "2026-05-01", end: "2026-05-03" },
          { name: "B", start: "2026-05-03", end: "2026-05-04" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((await admin.service.calendars.get(calendar.id)).holidays).toEqual([]);
  });

  it("refuses overlapping or empty working hours, unknown time zones and backwards holidays", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    for (const input of [
      {
        name: "X",
        timeZone: "Europe/Berlin",
        workingHours: [
          { weekday: 1, start: "09:00", end: "13:00" },
          { weekday: 1, start: "12:00", end: "17:00" },
        ],
      },
      { name: "X", timeZone: "Europe/Berlin", workingHours: [] },
      { name: "X", timeZone: "Europe/Berlin", workingHours: [{ weekday: 1, start: "17:00", end: "09:00" }] },
      { name: "X", timeZone: "Mars/Olympus", workingHours: OFFICE_HOURS },
      {
        name: "X",
        timeZone: "UTC",
        workingHours: OFFICE_HOURS,
        holidays: [{ name: "Back", start: "2026-05-03", end: "2026-05-01" }],
      },
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, () => admin.service.calendars.create(input));
      expect(error).toBeInstanceOf(ValidationError);
    }
  });
});
