import type { Kysely } from "kysely";
import { ValidationError, type ValidationIssue } from "../kernel/errors.js";
import type { OperationContext } from "../kernel/operation-context.js";
import type { AppointmentRow, Reminder } from "./appointment-entity.js";
import type { ReminderInput } from "./appointment-schema.js";
import type { Clash } from "./calendar-errors.js";

/** `appointment_attendees`: who attends what and when, the index agendas and clash checks read. */
export interface AttendeeRow {
  tenant_id: string;
  appointment_id: string;
  attendee_type: string;
  attendee_id: string;
  /** Copied from the appointment so a user's range query needs no join. */
  starts_at: string;
  ends_at: string;
}

/** `appointment_reminders`: one row per reminder; `fired_at` is set exactly once, by the claim. */
export interface ReminderRow {
  tenant_id: string;
  id: string;
  appointment_id: string;
  minutes_before: number | null;
  remind_at: string;
  fired_at: string | null;
}

/** The calendar's tables, for typed Kysely queries. */
export interface CalendarTables {
  appointments: {
    tenant_id: string;
    id: string;
    subject: string;
    starts_at: string;
    ends_at: string;
    owner_id: string | null;
    archived_at: string | null;
  };
  appointment_attendees: AttendeeRow;
  appointment_reminders: ReminderRow;
}

/** The operation's database, typed with the calendar's tables. */
export function calendarDb(op: OperationContext<CalendarTables>): Kysely<CalendarTables> {
  return op.db;
}

/** The users who attend: the organiser and every user attendee, without repeats. */
export function attendingUsers(row: Pick<AppointmentRow, "ownerId" | "attendees">): string[] {
  const users = row.attendees.filter((a) => a.type === "user").map((a) => a.id);
  return [...new Set(row.ownerId === null ? users : [row.ownerId, ...users])];
}

/** Rewrites the attendee index of an appointment from its record. */
export async function writeAttendeeIndex(op: OperationContext, row: AppointmentRow, replace: boolean): Promise<void> {
  const db = calendarDb(op);
  if (replace)
    await db
      .deleteFrom("appointment_attendees")
      .where("tenant_id", "=", op.tenantId)
      .where("appointment_id", "=", row.id)
      .execute();
  const entries = [
    ...attendingUsers(row).map((id) => ({ type: "user", id })),
    ...row.attendees.filter((a) => a.type === "contact").map((a) => ({ type: a.type, id: a.id })),
  ];
  if (entries.length === 0) return;
  await db
    .insertInto("appointment_attendees")
    .values(
      entries.map((e) => ({
        tenant_id: op.tenantId,
        appointment_id: row.id,
        attendee_type: e.type,
        attendee_id: e.id,
        starts_at: row.startsAt,
        ends_at: row.endsAt,
      })),
    )
    .execute();
}

/** A reminder to write: its rule and when it fires. */
export interface PlannedReminder {
  readonly minutesBefore: number | null;
  readonly remindAt: string;
}

/** Works out when each reminder fires; one that would fire before `now` is a `ValidationError`. */
export function planReminders(inputs: readonly ReminderInput[], startsAt: string, now: Date): PlannedReminder[] {
  const start = Date.parse(startsAt);
  const issues: ValidationIssue[] = [];
  const planned: PlannedReminder[] = [];
  for (const [index, input] of inputs.entries()) {
    const minutesBefore = "minutesBefore" in input ? input.minutesBefore : null;
    const remindAt =
      minutesBefore === null
        ? new Date((input as { at: string }).at).toISOString()
        : new Date(start - minutesBefore * 60_000).toISOString();
    if (Date.parse(remindAt) < now.getTime()) {
      const message = `The reminder would fire at ${remindAt}, which is in the past`;
      issues.push({ code: "custom", path: ["reminders", index], message, input } as ValidationIssue);
    }
    planned.push({ minutesBefore, remindAt });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return planned;
}

/** Replaces the reminders of an appointment that have not fired; fired ones stay as history. */
export async function replaceReminders(
  op: OperationContext,
  appointmentId: string,
  planned: readonly PlannedReminder[],
): Promise<void> {
  const db = calendarDb(op);
  await db
    .deleteFrom("appointment_reminders")
    .where("tenant_id", "=", op.tenantId)
    .where("appointment_id", "=", appointmentId)
    .where("fired_at", "is", null)
    .execute();
  if (planned.length === 0) return;
  await db
    .insertInto("appointment_reminders")
    .values(
      planned.map((p) => ({
        tenant_id: op.tenantId,
        id: op.newId("rem"),
        appointment_id: appointmentId,
        minutes_before: p.minutesBefore,
        remind_at: p.remindAt,
        fired_at: null,
      })),
    )
    .execute();
}

/** Moves the unfired relative reminders with a new start time (date arithmetic stays in TypeScript, the same on every database). */
export async function shiftReminders(op: OperationContext, appointmentId: string, startsAt: string): Promise<void> {
  const db = calendarDb(op);
  const relative = await db
    .selectFrom("appointment_reminders")
    .select(["id", "minutes_before"])
    .where("tenant_id", "=", op.tenantId)
    .where("appointment_id", "=", appointmentId)
    .where("fired_at", "is", null)
    .where("minutes_before", "is not", null)
    .execute();
  const start = Date.parse(startsAt);
  for (const r of relative) {
    await db
      .updateTable("appointment_reminders")
      .set({ remind_at: new Date(start - Number(r.minutes_before) * 60_000).toISOString() })
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", r.id)
      .execute();
  }
}

/** The reminders of these appointments, by appointment id, each list ordered by `remindAt`. */
export async function remindersOf(
  op: OperationContext,
  appointmentIds: readonly string[],
): Promise<Map<string, Reminder[]>> {
  const byAppointment = new Map<string, Reminder[]>(appointmentIds.map((id) => [id, []]));
  if (appointmentIds.length === 0) return byAppointment;
  const rows = await calendarDb(op)
    .selectFrom("appointment_reminders")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("appointment_id", "in", appointmentIds)
    .orderBy("remind_at")
    .orderBy("id")
    .execute();
  for (const row of rows) {
    byAppointment.get(row.appointment_id)?.push({
      id: row.id,
      minutesBefore: row.minutes_before === null ? null : Number(row.minutes_before),
      remindAt: row.remind_at,
      firedAt: row.fired_at,
    });
  }
  return byAppointment;
}

/** Active appointments of these users overlapping `[startsAt, endsAt)`, apart from `excludeId`. */
export async function findClashes(
  op: OperationContext,
  userIds: readonly string[],
  startsAt: string,
  endsAt: string,
  excludeId: string | null,
): Promise<Clash[]> {
  if (userIds.length === 0) return [];
  const rows = await calendarDb(op)
    .selectFrom("appointment_attendees as att")
    .innerJoin("appointments as a", (join) =>
      join.onRef("a.tenant_id", "=", "att.tenant_id").onRef("a.id", "=", "att.appointment_id"),
    )
    .select(["att.attendee_id as user_id", "a.id", "a.starts_at", "a.ends_at"])
    .where("att.tenant_id", "=", op.tenantId)
    .where("att.attendee_type", "=", "user")
    .where("att.attendee_id", "in", userIds)
    .where("att.starts_at", "<", endsAt)
    .where("att.ends_at", ">", startsAt)
    .where("a.archived_at", "is", null)
    .$if(excludeId !== null, (q) => q.where("att.appointment_id", "<>", excludeId ?? ""))
    .orderBy("a.starts_at")
    .orderBy("a.id")
    .orderBy("att.attendee_id")
    .execute();
  return rows.map((r) => ({ userId: r.user_id, appointmentId: r.id, startsAt: r.starts_at, endsAt: r.ends_at }));
}
