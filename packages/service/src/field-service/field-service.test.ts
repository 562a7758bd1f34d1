import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { dispatchRefusalOf } from "../errors.js";
import { service } from "../service-module.js";
import { recordEvents, serviceTenant } from "../testing/service-fixtures.js";

const TUESDAY = { windowStart: "2026-03-03T08:00:00Z", windowEnd: "2026-03-03T16:00:00Z" };

describeEachAdapter("service field work orders and dispatch", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  /** Three technicians on 08:00–16:00 UTC weekdays: Tom (hvac, north), Una (hvac + electrical, north), Vic (electrical, south). */
  async function fieldTenant() {
    t.clock.set("2026-03-02T12:00:00Z");
    const tenant = await serviceTenant(t);
    const { admin } = tenant;
    const dispatcher = t.as(tenant.tenantId, "dan", ["dispatcher"]);
    const hours = await admin.service.calendars.create({
      name: "Field hours",
      timeZone: "UTC",
      workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: "08:00", end: "16:00" })),
    });
    for (const [id, name] of [
      ["tom", "Tom"],
      ["una", "Una"],
      ["vic", "Vic"],
    ])
      await admin.users.upsert({ id: id ?? "", name: name ?? "" });
    const tom = await dispatcher.service.technicians.create({
      name: "Tom",
      userId: "tom",
      skills: ["HVAC"],
      territory: "north",
      calendarId: hours.id,
    });
    const una = await dispatcher.service.technicians.create({
      name: "Una",
      userId: "una",
      skills: ["hvac", "electrical"],
      territory: "north",
      calendarId: hours.id,
    });
    const vic = await dispatcher.service.technicians.create({
      name: "Vic",
      userId: "vic",
      skills: ["electrical"],
      territory: "south",
      calendarId: hours.id,
    });
    const order = (extra: Record<string, unknown> = {}) =>
      dispatcher.service.workOrders.create({
        title: "Boiler service",
        location: { address: "Hauptstr. 1", city: "Berlin", country: "DE" },
        territory: "north",
        requiredSkills: ["hvac"],
        durationMinutes: 90,
        ...TUESDAY,
        ...extra,
      });
    return { ...tenant, dispatcher, hours, tom, una, vic, order };
  }

  it("proposes qualified technicians by load, then earliest slot, and dispatches the best one onto their calendar", async () => {
    const { tenantId, dispatcher, tom, una, order } = await fieldTenant();
    // Tom already has a visit on Tuesday morning, so Una (no load) comes first.
    const busy = await order({ title: "Earlier job" });
    await dispatcher.service.workOrders.dispatch(busy.id, { technicianId: tom.id, start: "2026-03-03T08:00:00Z" });
    const job = await order();
    const proposals = await dispatcher.service.workOrders.proposals(job.id);
    expect(proposals).toEqual([
      {
        technicianId: una.id,
        name: "Una",
        start: "2026-03-03T08:00:00.000Z",
        end: "2026-03-03T09:30:00.000Z",
        loadMinutes: 0,
      },
      {
        technicianId: tom.id,
        name: "Tom",
        start: "2026-03-03T09:30:00.000Z",
        end: "2026-03-03T11:00:00.000Z",
        loadMinutes: 90,
      },
    ]);
    const events = recordEvents(t, ["work_order.dispatched"], tenantId);
    const dispatched = await dispatcher.service.workOrders.dispatch(job.id);
    events.off();
    expect(dispatched).toMatchObject({
      status: "scheduled",
      technicianId: una.id,
      ownerId: "una",
      scheduledStart: "2026-03-03T08:00:00.000Z",
      scheduledEnd: "2026-03-03T09:30:00.000Z",
      appointmentId: expect.any(String),
    });
    const appointment = await dispatcher.calendar.get(dispatched.appointmentId ?? "");
    expect(appointment).toMatchObject({
      ownerId: "una",
      startsAt: "2026-03-03T08:00:00.000Z",
      endsAt: "2026-03-03T09:30:00.000Z",
      location: "Hauptstr. 1, Berlin, DE",
    });
    expect(events.seen.map((e) => e.data.technicianId)).toEqual([una.id]);
  });

  it("refuses a technician without the skill, outside working hours, outside the window or busy — typed, writing nothing", async () => {
    const { tenantId, dispatcher, tom, vic, order } = await fieldTenant();
    const job = await order();
    const wide = await order({ windowStart: "2026-03-03T06:00:00Z", windowEnd: "2026-03-03T20:00:00Z" });
    const refusal = async (input: Parameters<typeof dispatcher.service.workOrders.dispatch>[1], id = job.id) => {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        dispatcher.service.workOrders.dispatch(id, input),
      );
      expect(error).toBeInstanceOf(ValidationError);
      return dispatchRefusalOf(error);
    };
    expect(await refusal({ technicianId: vic.id })).toBe("missing_skills");
    expect(await refusal({ technicianId: tom.id, start: "2026-03-03T06:30:00Z" }, wide.id)).toBe(
      "outside_working_hours",
    );
    expect(await refusal({ technicianId: tom.id, start: "2026-03-03T15:00:00Z" }, wide.id)).toBe(
      "outside_working_hours",
    );
    expect(await refusal({ technicianId: tom.id, start: "2026-03-03T15:00:00Z" })).toBe("outside_window");
    expect(await refusal({ technicianId: tom.id, start: "2026-03-04T09:00:00Z" })).toBe("outside_window");
    await dispatcher.service.workOrders.dispatch((await order({ title: "Other" })).id, {
      technicianId: tom.id,
      start: "2026-03-03T10:00:00Z",
    });
    expect(await refusal({ technicianId: tom.id, start: "2026-03-03T09:00:00Z" })).toBe("technician_busy");
    expect((await dispatcher.service.workOrders.get(job.id)).status).toBe("new");
  });

  it("refuses a window with no working time for the technician, and a job nobody qualifies for", async () => {
    const { tenantId, dispatcher, tom, order } = await fieldTenant();
    const evening = await order({ windowStart: "2026-03-03T17:00:00Z", windowEnd: "2026-03-03T21:00:00Z" });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      dispatcher.service.workOrders.dispatch(evening.id, { technicianId: tom.id }),
    );
    expect(dispatchRefusalOf(error)).toBe("outside_working_hours");
    const plumbing = await order({ requiredSkills: ["plumbing"] });
    expect(await dispatcher.service.workOrders.proposals(plumbing.id)).toEqual([]);
    const nobody = await expectNothingWritten(t.adapter, tenantId, () =>
      dispatcher.service.workOrders.dispatch(plumbing.id),
    );
    expect(dispatchRefusalOf(nobody)).toBe("no_available_technician");
  });

  it("keeps technicians to their territory and books around their calendar appointments", async () => {
    const { admin, dispatcher, tom, una, order } = await fieldTenant();
    await dispatcher.service.technicians.update(una.id, { active: false });
    await admin.calendar.create({
      subject: "Training",
      startsAt: "2026-03-03T08:00:00Z",
      endsAt: "2026-03-03T12:00:00Z",
      ownerId: "tom",
    });
    const job = await order();
    expect(await dispatcher.service.workOrders.proposals(job.id)).toEqual([
      {
        technicianId: tom.id,
        name: "Tom",
        start: "2026-03-03T12:00:00.000Z",
        end: "2026-03-03T13:30:00.000Z",
        loadMinutes: 0,
      },
    ]);
    const south = await order({ territory: "south" });
    expect(await dispatcher.service.workOrders.proposals(south.id)).toEqual([]);
  });

  it("tracks the visit: en route, on site, parts and time, completed", async () => {
    const { tenantId, dispatcher, tom, order } = await fieldTenant();
    const job = await order();
    await dispatcher.service.workOrders.dispatch(job.id, { technicianId: tom.id });
    const technician = t.as(tenantId, "tom", ["service_agent"]);
    const events = recordEvents(t, ["work_order.status_changed", "work_order.completed"], tenantId);
    t.clock.set("2026-03-03T07:40:00Z");
    await technician.service.workOrders.startTravel(job.id);
    t.clock.set("2026-03-03T08:05:00Z");
    expect(await technician.service.workOrders.arrive(job.id)).toMatchObject({
      status: "on_site",
      arrivedAt: "2026-03-03T08:05:00.000Z",
    });
    await technician.service.workOrders.addPart(job.id, { description: "Valve", quantity: 2 });
    t.clock.set("2026-03-03T09:20:00Z");
    const done = await technician.service.workOrders.complete(job.id, {
      notes: "Replaced valves",
      parts: [{ description: "Seal kit", quantity: 1 }],
    });
    events.off();
    expect(done).toMatchObject({
      status: "completed",
      minutesWorked: 75,
      outcomeNote: "Replaced valves",
      finishedAt: "2026-03-03T09:20:00.000Z",
    });
    expect((await technician.service.workOrders.parts(job.id)).map((p) => [p.description, p.quantity])).toEqual([
      ["Valve", 2],
      ["Seal kit", 1],
    ]);
    expect(events.of("work_order.status_changed").map((e) => e.data.to)).toEqual(["en_route", "on_site", "completed"]);
    expect(events.of("work_order.completed")[0]?.data).toMatchObject({ minutesWorked: 75, parts: 1 });
    await expect(technician.service.workOrders.cannotComplete(job.id, { reason: "Too late" })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
  });

  it("records a visit that cannot be completed, cancels a scheduled one with its appointment, and refuses moves out of order", async () => {
    const { tenantId, dispatcher, tom, una, order } = await fieldTenant();
    const first = await order();
    await dispatcher.service.workOrders.dispatch(first.id, { technicianId: tom.id });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => dispatcher.service.workOrders.complete(first.id)),
    ).toBeInstanceOf(InvalidTransitionError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        dispatcher.service.workOrders.addPart(first.id, { description: "x", quantity: 1 }),
      ),
    ).toBeInstanceOf(InvalidTransitionError);
    await dispatcher.service.workOrders.startTravel(first.id);
    expect(await dispatcher.service.workOrders.cannotComplete(first.id, { reason: "Nobody home" })).toMatchObject({
      status: "cannot_complete",
      outcomeNote: "Nobody home",
    });

    const second = await order();
    const scheduled = await dispatcher.service.workOrders.dispatch(second.id, { technicianId: una.id });
    const cancelled = await dispatcher.service.workOrders.cancel(second.id, { reason: "Customer fixed it" });
    expect(cancelled.status).toBe("cancelled");
    expect((await dispatcher.calendar.get(scheduled.appointmentId ?? "")).archivedAt).not.toBeNull();
    await expect(dispatcher.service.workOrders.dispatch(second.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("creates a work order from a case, taking its subject and account", async () => {
    const { admin, dispatcher } = await fieldTenant();
    const account = await admin.accounts.create({ name: "Heating Co" });
    const support = await admin.service.cases.create({
      subject: "No heating",
      channel: "phone",
      accountId: account.id,
    });
    const job = await dispatcher.service.workOrders.create({
      caseId: support.id,
      location: { city: "Berlin" },
      requiredSkills: ["hvac"],
      durationMinutes: 60,
      ...TUESDAY,
    });
    expect(job).toMatchObject({
      caseId: support.id,
      accountId: account.id,
      title: "No heating",
      status: "new",
      territory: null,
    });
  });

  it("refuses bad work orders and technicians", async () => {
    const { tenantId, dispatcher, hours } = await fieldTenant();
    const base = { title: "X", location: { city: "Berlin" }, durationMinutes: 60, ...TUESDAY };
    const attempts = [
      () => dispatcher.service.workOrders.create({ ...base, windowEnd: "2026-03-03T08:30:00Z" }),
      () => dispatcher.service.workOrders.create({ ...base, windowEnd: "2026-03-03T07:00:00Z" }),
      () => dispatcher.service.workOrders.create({ ...base, location: {} }),
      () => dispatcher.service.workOrders.create({ ...base, title: undefined }),
      () => dispatcher.service.workOrders.create({ ...base, caseId: "case_01JZZZZZZZZZZZZZZZZZZZZZZZ" }),
      () => dispatcher.service.workOrders.create({ ...base, durationMinutes: 0 }),
      () => dispatcher.service.technicians.create({ name: "Nobody", calendarId: "bcal_01JZZZZZZZZZZZZZZZZZZZZZZZ" }),
      () => dispatcher.service.technicians.create({ name: "", calendarId: hours.id }),
    ];
    for (const attempt of attempts)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
  });
});
