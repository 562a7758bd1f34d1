import { idSchema, type WriteOptions } from "../entities/base-record.js";
import { BASE_FIELDS } from "../entities/entity-definition.js";
import { createEntityService } from "../entities/entity-service.js";
import { EntityStore } from "../entities/entity-store.js";
import { FieldGuard } from "../entities/field-guard.js";
import {
  applyListOptions,
  columnField,
  type ListableFields,
  type ListOptions,
  type Page,
  toPage,
} from "../entities/list-query.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import { boundContext } from "../records/bound-context.js";
import { serializeTenantWrites } from "../users/tenant-lock.js";
import { type Appointment, type AppointmentRow, appointmentEntity, toAppointment } from "./appointment-entity.js";
import {
  type AgendaQuery,
  agendaQuerySchema,
  type BookingOptions,
  bookingOptionsSchema,
  type ClashQuery,
  type CreateAppointmentInput,
  clashQuerySchema,
  createAppointmentSchema,
  type RescheduleOptions,
  rescheduleOptionsSchema,
  type UpdateAppointmentInput,
  updateAppointmentSchema,
} from "./appointment-schema.js";
import { type Clash, DoubleBookingError } from "./calendar-errors.js";
import {
  attendingUsers,
  calendarDb,
  findClashes,
  planReminders,
  remindersOf,
  replaceReminders,
  shiftReminders,
  writeAttendeeIndex,
} from "./calendar-store.js";

/**
 * The calendar: appointments with attendees (users and contacts), reminders fired by
 * `crm.jobs.runDue()`, a user's agenda, and double-booking detection on request.
 * Cancelling an appointment is archiving it.
 */
export interface CalendarService {
  /**
   * Books an appointment; the organiser (`ownerId`, by default the actor) always attends.
   * User attendees must have profiles (`NotFoundError`), contacts must exist in the tenant.
   * `endsAt` must follow `startsAt` and no reminder may lie in the past (`ValidationError`).
   * With `rejectDoubleBooking`, an overlap with another appointment of an attending user
   * fails with `DoubleBookingError` listing the clashes. Emits `appointment.created`.
   */
  create(input: CreateAppointmentInput, options?: BookingOptions): Promise<Appointment>;
  /** The appointment `id`, with its reminders; `NotFoundError` when it is not in the tenant. */
  get(id: string): Promise<Appointment>;
  /** A page of appointments the actor may see (filter on `startsAt`, `ownerId`, `location`, `relatedId`…). */
  list(options?: ListOptions): Promise<Page<Appointment>>;
  /**
   * Changes the appointment. New times move its relative reminders; `reminders` replaces
   * those not yet fired; `attendees` replaces the list. Emits `appointment.updated`, and
   * `appointment.rescheduled` when the times changed. Options as on `create`, plus `expectedVersion`.
   */
  update(id: string, patch: UpdateAppointmentInput, options?: RescheduleOptions): Promise<Appointment>;
  /** Cancels the appointment: it leaves agendas and its reminders will not fire. Emits `appointment.archived`. */
  archive(id: string, options?: WriteOptions): Promise<Appointment>;
  /**
   * The appointments `userId` organises or attends that overlap `[from, to)`, by start time,
   * paged — limited to what the actor may see (their `appointment:read` scope, or attending).
   *
   * @example
   * ```ts
   * const week = await client.calendar.agenda({ userId: "alice", from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z" });
   * ```
   */
  agenda(query: AgendaQuery): Promise<Page<Appointment>>;
  /** Which of `userIds` are busy in `[startsAt, endsAt)`: each overlapping appointment, per user. Needs `appointment:read`. */
  clashes(query: ClashQuery): Promise<Clash[]>;
}

const store = new EntityStore(appointmentEntity);
const appointmentId = idSchema(appointmentEntity.idPrefix);

const APPOINTMENT_COLUMNS: ListableFields = Object.fromEntries(
  Object.entries({ ...BASE_FIELDS, ...appointmentEntity.fields }).map(([name, spec]) => [
    name,
    columnField(name, spec),
  ]),
);

/** Adds the reminders to a page of appointment rows (one query for the page). */
async function withReminders(op: OperationContext, rows: readonly AppointmentRow[]): Promise<Appointment[]> {
  const reminders = await remindersOf(
    op,
    rows.map((r) => r.id),
  );
  return rows.map((row) => toAppointment(row, reminders.get(row.id) ?? []));
}

async function one(op: OperationContext, row: AppointmentRow): Promise<Appointment> {
  const [appointment] = await withReminders(op, [row]);
  return appointment as Appointment;
}

/** Throws `DoubleBookingError` when an attending user has another appointment overlapping this one. */
async function assertFree(op: OperationContext, row: AppointmentRow): Promise<void> {
  const clashes = await findClashes(op, attendingUsers(row), row.startsAt, row.endsAt, row.id);
  if (clashes.length > 0) throw new DoubleBookingError(clashes);
}

/** Builds the calendar service of a scoped client. */
export function createCalendarService(ctx: ModuleContext): CalendarService {
  const appointmentsIn = (op: OperationContext) => createEntityService(boundContext(op), appointmentEntity);

  return {
    create: (input, options = {}) =>
      ctx.run(async (op) => {
        const { rejectDoubleBooking = false } = parseInput(bookingOptionsSchema, options);
        const parsed = parseInput(createAppointmentSchema, input);
        const planned = planReminders(parsed.reminders, parsed.startsAt, op.now);
        // Checking for clashes and booking must not interleave with another booking.
        if (rejectDoubleBooking) await serializeTenantWrites(op);
        const row = await appointmentsIn(op).create(input);
        await writeAttendeeIndex(op, row, false);
        await replaceReminders(op, row.id, planned);
        if (rejectDoubleBooking) await assertFree(op, row);
        return one(op, row);
      }),
    get: (id) => ctx.read(async (op) => one(op, await appointmentsIn(op).get(id))),
    list: (options = {}) =>
      ctx.read(async (op) => {
        const page = await appointmentsIn(op).list(options);
        return { items: await withReminders(op, page.items), nextCursor: page.nextCursor };
      }),
    update: (id, patch, options = {}) =>
      ctx.run(async (op) => {
        const { rejectDoubleBooking = false, expectedVersion } = parseInput(rescheduleOptionsSchema, options);
        const parsed = parseInput(updateAppointmentSchema, patch);
        if (rejectDoubleBooking) await serializeTenantWrites(op);
        const appointments = op.records(appointmentEntity);
        const before = await appointments.loadForChange(parseInput(appointmentId, id), { expectedVersion });
        (await FieldGuard.for(op, appointmentEntity.type))?.assertWritable(parsed);
        const { patch: changes } = await op.before("appointment.update", { id: before.id, patch: parsed, before });
        const after = await appointments.change(before, await store.applyPatch(op, before, changes), {
          validate: true,
          events: (written) =>
            written.startsAt === before.startsAt && written.endsAt === before.endsAt
              ? []
              : [
                  {
                    type: "appointment.rescheduled",
                    data: {
                      id: written.id,
                      version: written.version,
                      startsAt: written.startsAt,
                      endsAt: written.endsAt,
                      previousStartsAt: before.startsAt,
                      previousEndsAt: before.endsAt,
                    },
                  },
                ],
        });
        const moved = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
        if (moved || parsed.attendees !== undefined || before.ownerId !== after.ownerId)
          await writeAttendeeIndex(op, after, true);
        if (parsed.reminders !== undefined)
          await replaceReminders(op, after.id, planReminders(parsed.reminders, after.startsAt, op.now));
        else if (before.startsAt !== after.startsAt) await shiftReminders(op, after.id, after.startsAt);
        if (rejectDoubleBooking) await assertFree(op, after);
        return one(op, await appointments.shown(after));
      }),
    archive: (id, options = {}) => ctx.run(async (op) => one(op, await appointmentsIn(op).archive(id, options))),
    agenda: (query) =>
      ctx.read(async (op) => {
        const q = parseInput(agendaQuerySchema, query);
        const scope = await op.ownerScope("appointment:read");
        const db = calendarDb(op);
        const attending = (userId: string) =>
          db
            .selectFrom("appointment_attendees")
            .select("appointment_id")
            .where("tenant_id", "=", op.tenantId)
            .where("attendee_type", "=", "user")
            .where("attendee_id", "=", userId);
        let rows = op.db
          .selectFrom(appointmentEntity.table)
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("archived_at", "is", null)
          // The range test runs on the attendee index (tenant_id, attendee, starts_at).
          .where("id", "in", attending(q.userId).where("starts_at", "<", q.to).where("ends_at", ">", q.from));
        if (scope.kind === "owners") {
          rows = rows.where((eb) =>
            eb.or([eb("owner_id", "in", scope.ownerIds), eb("id", "in", attending(op.actor.userId))]),
          );
        }
        const plan = applyListOptions(rows, APPOINTMENT_COLUMNS, {
          orderBy: { field: "startsAt", direction: "asc" },
          limit: q.limit ?? 100,
          ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
        });
        const found = (await plan.query.execute()) as (Record<string, unknown> & { id: string })[];
        const guard = await FieldGuard.for(op, appointmentEntity.type);
        const page = toPage(found, plan, (row) => {
          const record = store.fromRow(row);
          return guard ? guard.redact(record) : record;
        });
        return { items: await withReminders(op, page.items), nextCursor: page.nextCursor };
      }),
    clashes: (query) =>
      ctx.read(async (op) => {
        const q = parseInput(clashQuerySchema, query);
        await op.ownerScope("appointment:read");
        return findClashes(op, q.userIds, q.startsAt, q.endsAt, q.excludeAppointmentId ?? null);
      }),
  };
}
