import { expect, it } from "vitest";
import { DoubleBookingError } from "../../calendar/calendar-errors.js";
import type { ReminderDueData } from "../../calendar/reminder-job.js";
import { createCrm } from "../../crm/create-crm.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";
import { probeModule } from "./probe-module.js";

/** Appointments, agendas, double booking and reminders fired by `crm.jobs.runDue()`. */
export function calendarTests(h: Harness): void {
  /** A tenant where alice, bob and carol have profiles; the clock at Monday 09:00. */
  async function office() {
    const tenantId = await h.tenant();
    const sys = h.crm.system(tenantId);
    for (const id of ["alice", "bob", "carol"]) await sys.users.upsert({ id, name: id.toUpperCase() });
    h.clock.set("2026-03-02T09:00:00.000Z");
    return { tenantId, sys, alice: rep(h, tenantId, "alice"), bob: rep(h, tenantId, "bob") };
  }

  /** Collects `reminder.due` events of one tenant. */
  function remindersOf(tenantId: string) {
    const fired: ReminderDueData[] = [];
    const off = h.crm.on("reminder.due", (e) => void (e.tenantId === tenantId && fired.push(e.data)));
    return { fired, off };
  }

  it("calendar.create books an appointment with attendees, location and reminders", async () => {
    const { tenantId, alice } = await office();
    const contact = await alice.contacts.create({ firstName: "Pat", lastName: "Lee" });
    const account = await alice.accounts.create({ name: "Globex" });
    const events: string[] = [];
    const off = h.crm.on("appointment.created", (e) => void events.push(e.data.id));
    const appt = await alice.calendar.create({
      subject: "Demo at Globex",
      location: "Globex HQ, room 4",
      startsAt: "2026-03-04T15:00:00+01:00",
      endsAt: "2026-03-04T15:45:00+01:00",
      relatedTo: { type: "account", id: account.id },
      attendees: [
        { type: "user", id: "bob" },
        { type: "contact", id: contact.id },
        { type: "user", id: "bob" },
      ],
      reminders: [{ minutesBefore: 30 }, { at: "2026-03-03T08:00:00Z" }],
    });
    off();
    expect(appt).toMatchObject({
      subject: "Demo at Globex",
      location: "Globex HQ, room 4",
      startsAt: "2026-03-04T14:00:00.000Z",
      endsAt: "2026-03-04T14:45:00.000Z",
      ownerId: "alice",
      relatedTo: { type: "account", id: account.id },
      attendees: [
        { type: "user", id: "bob" },
        { type: "contact", id: contact.id },
      ],
      version: 1,
    });
    expect(appt.id.startsWith("appt_")).toBe(true);
    expect(appt.reminders.map((r) => [r.minutesBefore, r.remindAt, r.firedAt])).toEqual([
      [null, "2026-03-03T08:00:00.000Z", null],
      [30, "2026-03-04T13:30:00.000Z", null],
    ]);
    expect(events).toEqual([appt.id]);
    expect(await alice.calendar.get(appt.id)).toEqual(appt);
    expect(
      (await alice.calendar.list({ filter: [{ field: "relatedId", op: "eq", value: account.id }] })).items.map(
        (a) => a.id,
      ),
    ).toEqual([appt.id]);
    expect((await admin(h, tenantId).audit.history("appointment", appt.id)).items.map((r) => r.action)).toEqual([
      "create",
    ]);
  });

  it("bad appointments are refused with typed errors and write nothing", async () => {
    const { tenantId, alice } = await office();
    const otherTenant = await h.tenant();
    const foreignContact = await rep(h, otherTenant).contacts.create({ lastName: "Elsewhere" });
    const slot = { subject: "Call", startsAt: "2026-03-05T10:00:00Z", endsAt: "2026-03-05T11:00:00Z" };
    const cases: [unknown, new (...args: never[]) => Error][] = [
      [{ ...slot, endsAt: "2026-03-05T09:00:00Z" }, ValidationError],
      [{ ...slot, endsAt: slot.startsAt }, ValidationError],
      [{ ...slot, reminders: [{ at: "2026-03-02T08:59:00Z" }] }, ValidationError],
      [
        {
          ...slot,
          startsAt: "2026-03-02T09:10:00Z",
          endsAt: "2026-03-02T09:40:00Z",
          reminders: [{ minutesBefore: 15 }],
        },
        ValidationError,
      ],
      [{ ...slot, reminders: [{ minutesBefore: -1 }] }, ValidationError],
      [{ ...slot, reminders: [{ minutesBefore: 5, at: "2026-03-05T09:00:00Z" }] }, ValidationError],
      [{ ...slot, attendees: [{ type: "user", id: "ghost" }] }, NotFoundError],
      [{ ...slot, attendees: [{ type: "contact", id: foreignContact.id }] }, NotFoundError],
      [{ ...slot, attendees: [{ type: "robot", id: "r2" }] }, ValidationError],
      [{ ...slot, relatedTo: { type: "spaceship", id: "x" } }, ValidationError],
      [{ ...slot, room: "4" }, ValidationError],
    ];
    for (const [input, type] of cases) {
      expect(
        await expectNothingWritten(h.adapter, tenantId, () => alice.calendar.create(input as never)),
      ).toBeInstanceOf(type);
    }
    const past = (await expectNothingWritten(h.adapter, tenantId, () =>
      alice.calendar.create({ ...slot, reminders: [{ minutesBefore: 10 }, { at: "2026-03-01T00:00:00Z" }] }),
    )) as ValidationError;
    expect(past.issues.map((i) => i.path)).toEqual([["reminders", 1]]);
    const appt = await alice.calendar.create(slot);
    const backwards = await expectNothingWritten(h.adapter, tenantId, () =>
      alice.calendar.update(appt.id, { endsAt: "2026-03-05T09:30:00Z" }),
    );
    expect(backwards).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        alice.calendar.update(appt.id, { reminders: [{ at: "2026-03-02T08:00:00Z" }] }),
      ),
    ).toBeInstanceOf(ValidationError);
  });

  it("agenda returns a user's appointments overlapping a range, by start time, paged", async () => {
    const { alice, bob } = await office();
    const book = (subject: string, startsAt: string, endsAt: string, attendees: { type: "user"; id: string }[] = []) =>
      alice.calendar.create({ subject, startsAt, endsAt, attendees });
    await book("before", "2026-03-09T07:00:00Z", "2026-03-09T08:00:00Z", [{ type: "user", id: "bob" }]);
    await book("overlaps start", "2026-03-09T07:30:00Z", "2026-03-09T08:30:00Z", [{ type: "user", id: "bob" }]);
    await book("inside", "2026-03-09T10:00:00Z", "2026-03-09T11:00:00Z", [{ type: "user", id: "bob" }]);
    await book("alice only", "2026-03-09T12:00:00Z", "2026-03-09T13:00:00Z");
    const cancelled = await book("cancelled", "2026-03-09T13:00:00Z", "2026-03-09T14:00:00Z", [
      { type: "user", id: "bob" },
    ]);
    await alice.calendar.archive(cancelled.id);
    await book("overlaps end", "2026-03-09T16:30:00Z", "2026-03-09T18:00:00Z", [{ type: "user", id: "bob" }]);
    await book("after", "2026-03-09T17:00:00Z", "2026-03-09T18:00:00Z", [{ type: "user", id: "bob" }]);
    await bob.calendar.create({
      subject: "bob's own",
      startsAt: "2026-03-09T09:00:00Z",
      endsAt: "2026-03-09T09:30:00Z",
    });

    const range = { userId: "bob", from: "2026-03-09T08:00:00Z", to: "2026-03-09T17:00:00Z" };
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await bob.calendar.agenda({ ...range, limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((a) => a.subject));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(["overlaps start", "bob's own", "inside", "overlaps end"]);
    const alicesDay = await alice.calendar.agenda({
      userId: "alice",
      from: "2026-03-09T00:00:00Z",
      to: "2026-03-10T00:00:00Z",
    });
    expect(alicesDay.items.map((a) => a.subject)).toEqual([
      "before",
      "overlaps start",
      "inside",
      "alice only",
      "overlaps end",
      "after",
    ]);
    // alice's scope is "team" and she shares no team with bob: of bob's day she sees what she organised.
    expect((await alice.calendar.agenda(range)).items.map((a) => a.subject)).toEqual([
      "overlaps start",
      "inside",
      "overlaps end",
    ]);
    await expect(alice.calendar.agenda({ ...range, to: range.from })).rejects.toBeInstanceOf(ValidationError);
  });

  it("rejectDoubleBooking refuses an overlap with a DoubleBookingError listing the clashes", async () => {
    const { tenantId, alice, bob } = await office();
    const standup = await bob.calendar.create({
      subject: "Standup",
      startsAt: "2026-03-05T09:00:00Z",
      endsAt: "2026-03-05T09:30:00Z",
    });
    const slot = {
      subject: "Review",
      startsAt: "2026-03-05T09:15:00Z",
      endsAt: "2026-03-05T10:00:00Z",
      attendees: [{ type: "user" as const, id: "bob" }],
    };
    const error = await expectNothingWritten(h.adapter, tenantId, () =>
      alice.calendar.create(slot, { rejectDoubleBooking: true }),
    );
    expect(error).toBeInstanceOf(DoubleBookingError);
    expect((error as DoubleBookingError).code).toBe("DOUBLE_BOOKED");
    expect((error as DoubleBookingError).clashes).toEqual([
      {
        userId: "bob",
        appointmentId: standup.id,
        startsAt: "2026-03-05T09:00:00.000Z",
        endsAt: "2026-03-05T09:30:00.000Z",
      },
    ]);
    // Back to back is not a clash; without the option an overlap is allowed.
    const next = await alice.calendar.create(
      { ...slot, startsAt: "2026-03-05T09:30:00Z" },
      { rejectDoubleBooking: true },
    );
    await alice.calendar.create({ ...slot, subject: "Overlap on purpose" });
    expect(
      (
        await alice.calendar.clashes({
          userIds: ["alice", "bob", "carol"],
          startsAt: "2026-03-05T09:20:00Z",
          endsAt: "2026-03-05T09:40:00Z",
        })
      ).map((c) => c.userId),
    ).toEqual(["bob", "alice", "bob", "alice", "bob"]);
    // Moving an appointment is checked too, and it never clashes with itself.
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        alice.calendar.update(next.id, { startsAt: "2026-03-05T09:00:00Z" }, { rejectDoubleBooking: true }),
      ),
    ).toBeInstanceOf(DoubleBookingError);
    const later = await alice.calendar.update(
      next.id,
      { startsAt: "2026-03-05T10:30:00Z", endsAt: "2026-03-05T11:00:00Z" },
      { rejectDoubleBooking: true, expectedVersion: 1 },
    );
    expect(later).toMatchObject({ version: 2, startsAt: "2026-03-05T10:30:00.000Z" });
    expect(
      await alice.calendar.update(later.id, { subject: "Review (moved)" }, { rejectDoubleBooking: true }),
    ).toMatchObject({ version: 3 });
  });

  it("two concurrent bookings of one user's slot with rejectDoubleBooking: exactly one wins", async () => {
    const { alice, bob } = await office();
    const results = await Promise.allSettled([
      alice.calendar.create(
        {
          subject: "A",
          startsAt: "2026-03-06T14:00:00Z",
          endsAt: "2026-03-06T15:00:00Z",
          attendees: [{ type: "user", id: "carol" }],
        },
        { rejectDoubleBooking: true },
      ),
      bob.calendar.create(
        {
          subject: "B",
          startsAt: "2026-03-06T14:30:00Z",
          endsAt: "2026-03-06T15:30:00Z",
          attendees: [{ type: "user", id: "carol" }],
        },
        { rejectDoubleBooking: true },
      ),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(
      DoubleBookingError,
    );
  });

  it("runDue fires each reminder once: at its time, not before, never twice, not for cancelled appointments", async () => {
    const { alice } = await office();
    const appt = await alice.calendar.create({
      subject: "Kick-off",
      startsAt: "2026-03-02T12:00:00Z",
      endsAt: "2026-03-02T13:00:00Z",
      attendees: [{ type: "user", id: "bob" }],
      reminders: [{ minutesBefore: 60 }, { minutesBefore: 10 }],
    });
    const cancelled = await alice.calendar.create({
      subject: "Cancelled",
      startsAt: "2026-03-02T12:00:00Z",
      endsAt: "2026-03-02T12:30:00Z",
      reminders: [{ minutesBefore: 60 }],
    });
    await alice.calendar.archive(cancelled.id);
    const { fired, off } = remindersOf(alice.tenantId);
    await h.crm.jobs.runDue();
    expect(fired).toEqual([]);
    h.clock.set("2026-03-02T11:00:00.000Z");
    const [first, second] = await Promise.all([h.crm.jobs.runDue(), h.crm.jobs.runDue()]);
    expect(first.jobs.some((j) => j.name === "calendar.reminders")).toBe(true);
    expect(second.jobs.some((j) => j.name === "calendar.reminders")).toBe(true);
    const hourBefore = appt.reminders.find((r) => r.minutesBefore === 60);
    expect(fired).toEqual([
      {
        id: hourBefore?.id,
        appointmentId: appt.id,
        subject: "Kick-off",
        startsAt: "2026-03-02T12:00:00.000Z",
        remindAt: "2026-03-02T11:00:00.000Z",
        userIds: ["alice", "bob"],
      },
    ]);
    await h.crm.jobs.runDue();
    h.clock.set("2026-03-02T11:55:00.000Z");
    await Promise.all([h.crm.jobs.runDue(), h.crm.jobs.runDue(), h.crm.jobs.runDue()]);
    await h.crm.jobs.runDue();
    off();
    expect(fired.map((f) => f.remindAt)).toEqual(["2026-03-02T11:00:00.000Z", "2026-03-02T11:50:00.000Z"]);
    expect((await alice.calendar.get(appt.id)).reminders.map((r) => r.firedAt)).toEqual([
      "2026-03-02T11:00:00.000Z",
      "2026-03-02T11:55:00.000Z",
    ]);
  });

  it("a second CRM over the same database (a restart) does not fire reminders again", async () => {
    const { alice } = await office();
    await alice.calendar.create({
      subject: "Once",
      startsAt: "2026-03-02T10:00:00Z",
      endsAt: "2026-03-02T10:30:00Z",
      reminders: [{ minutesBefore: 30 }],
    });
    h.clock.set("2026-03-02T09:45:00.000Z");
    const { fired, off } = remindersOf(alice.tenantId);
    await h.crm.jobs.runDue();
    expect(fired).toHaveLength(1);
    // Not closed: closing it would close the shared adapter.
    const restarted = await createCrm({ adapter: h.adapter, clock: h.clock, modules: [probeModule()], migrate: false });
    const again: unknown[] = [];
    const offAgain = restarted.on("reminder.due", (e) => void (e.tenantId === alice.tenantId && again.push(e.data)));
    await Promise.all([restarted.jobs.runDue(), h.crm.jobs.runDue()]);
    offAgain();
    off();
    expect(again).toEqual([]);
    expect(fired).toHaveLength(1);
    const feed = await h.crm.changes.since(undefined, { limit: 1000, tenantId: alice.tenantId });
    expect(feed.items.filter((e) => e.type === "reminder.due")).toHaveLength(1);
  });

  it("rescheduling moves relative reminders, keeps absolute ones and emits appointment.rescheduled", async () => {
    const { alice } = await office();
    const appt = await alice.calendar.create({
      subject: "Moves",
      startsAt: "2026-03-03T10:00:00Z",
      endsAt: "2026-03-03T11:00:00Z",
      reminders: [{ minutesBefore: 15 }, { at: "2026-03-03T07:00:00Z" }],
    });
    const moves: unknown[] = [];
    const off = h.crm.on("appointment.rescheduled", (e) => void moves.push(e.data));
    const moved = await alice.calendar.update(appt.id, {
      startsAt: "2026-03-04T10:00:00Z",
      endsAt: "2026-03-04T11:00:00Z",
    });
    // The same times again change nothing: no version, no event.
    const same = await alice.calendar.update(appt.id, { startsAt: "2026-03-04T10:00:00Z" });
    expect(same.version).toBe(2);
    off();
    expect(moved.reminders.map((r) => r.remindAt)).toEqual(["2026-03-03T07:00:00.000Z", "2026-03-04T09:45:00.000Z"]);
    expect(moves).toEqual([
      {
        id: appt.id,
        version: 2,
        startsAt: "2026-03-04T10:00:00.000Z",
        endsAt: "2026-03-04T11:00:00.000Z",
        previousStartsAt: "2026-03-03T10:00:00.000Z",
        previousEndsAt: "2026-03-03T11:00:00.000Z",
      },
    ]);
    const replaced = await alice.calendar.update(appt.id, { reminders: [{ minutesBefore: 5 }] });
    expect(replaced.reminders.map((r) => r.remindAt)).toEqual(["2026-03-04T09:55:00.000Z"]);
    const { fired, off: offFired } = remindersOf(alice.tenantId);
    h.clock.set("2026-03-04T09:56:00.000Z");
    await h.crm.jobs.runDue();
    offFired();
    expect(fired.map((f) => f.remindAt)).toEqual(["2026-03-04T09:55:00.000Z"]);
  });

  it("permissions: read_only books nothing, reps change only their own appointments", async () => {
    const { tenantId, alice, bob } = await office();
    const readOnly = h.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    const slot = { subject: "x", startsAt: "2026-03-05T10:00:00Z", endsAt: "2026-03-05T11:00:00Z" };
    expect(await expectNothingWritten(h.adapter, tenantId, () => readOnly.calendar.create(slot))).toBeInstanceOf(
      ForbiddenError,
    );
    const mine = await alice.calendar.create(slot);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => bob.calendar.update(mine.id, { subject: "mine now" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(await expectNothingWritten(h.adapter, tenantId, () => bob.calendar.archive(mine.id))).toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      h.crm
        .as({ tenantId, userId: "n", roles: [] })
        .calendar.clashes({ userIds: ["alice"], startsAt: slot.startsAt, endsAt: slot.endsAt }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
}
