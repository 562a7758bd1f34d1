import type { JobDefinition } from "../jobs/job.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { calendarDb } from "./calendar-store.js";

/** Payload of `reminder.due`. */
export interface ReminderDueData {
  /** The reminder's id. */
  readonly id: string;
  readonly appointmentId: string;
  readonly subject: string;
  readonly startsAt: string;
  readonly remindAt: string;
  /** Who to remind: the organiser and the user attendees. */
  readonly userIds: readonly string[];
}

/** Reminders claimed per query; the job keeps going until nothing due is left. */
const BATCH = 500;

/**
 * Fires one tenant's due reminders. Each is claimed with a conditional update (`fired_at
 * IS NULL`) and announced only if this run changed the row, so a reminder fires once
 * however many runs overlap: on PostgreSQL a concurrent claim waits for the row and then
 * finds it fired; SQLite runs one writer at a time.
 */
async function fireDue(op: OperationContext, now: string): Promise<number> {
  const db = calendarDb(op);
  let fired = 0;
  for (;;) {
    const due = await db
      .selectFrom("appointment_reminders as r")
      .innerJoin("appointments as a", (join) =>
        join.onRef("a.tenant_id", "=", "r.tenant_id").onRef("a.id", "=", "r.appointment_id"),
      )
      .select(["r.id", "r.appointment_id", "r.remind_at", "a.subject", "a.starts_at", "a.owner_id"])
      .where("r.tenant_id", "=", op.tenantId)
      .where("r.fired_at", "is", null)
      .where("r.remind_at", "<=", now)
      .where("a.archived_at", "is", null)
      .orderBy("r.remind_at")
      .orderBy("r.id")
      .limit(BATCH)
      .execute();
    if (due.length === 0) return fired;
    const attendees = await db
      .selectFrom("appointment_attendees")
      .select(["appointment_id", "attendee_id"])
      .where("tenant_id", "=", op.tenantId)
      .where("attendee_type", "=", "user")
      .where("appointment_id", "in", [...new Set(due.map((d) => d.appointment_id))])
      .orderBy("attendee_id")
      .execute();
    let claimedInBatch = 0;
    for (const reminder of due) {
      const claim = await db
        .updateTable("appointment_reminders")
        .set({ fired_at: now })
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", reminder.id)
        .where("fired_at", "is", null)
        .executeTakeFirst();
      if (Number(claim.numUpdatedRows) !== 1) continue;
      claimedInBatch += 1;
      // Emitted by hand: the claim marks a row of `appointment_reminders`, not a record, so no record change carries it.
      op.emit("reminder.due", {
        id: reminder.id,
        appointmentId: reminder.appointment_id,
        subject: reminder.subject,
        startsAt: reminder.starts_at,
        remindAt: reminder.remind_at,
        userIds: attendees.filter((a) => a.appointment_id === reminder.appointment_id).map((a) => a.attendee_id),
      } satisfies ReminderDueData);
    }
    fired += claimedInBatch;
    // Claimed rows (ours, or another run's once it committed) no longer match, so this ends.
    if (due.length < BATCH) return fired;
  }
}

/** `calendar.reminders`: fires every due reminder of every tenant, once. */
export const reminderJob: JobDefinition = {
  name: "calendar.reminders",
  async run(ctx) {
    const now = ctx.now.toISOString();
    let handled = 0;
    for (const tenantId of await ctx.tenantIds()) handled += await ctx.run(tenantId, (op) => fireDue(op, now));
    return handled;
  },
};
