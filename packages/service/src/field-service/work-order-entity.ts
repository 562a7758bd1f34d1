import { defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import * as z from "zod";
import { requireAccount } from "../shared/peers.js";
import { serviceDb } from "../shared/service-tables.js";
import {
  createWorkOrderSchema,
  updateWorkOrderSchema,
  type WorkOrderLocation,
  type WorkOrderStatus,
} from "./work-order-schema.js";

const workOrderFields = {
  caseId: field.nullableText(),
  accountId: field.nullableText(),
  title: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  location: field.json<WorkOrderLocation>(),
  territory: field.nullableText(),
  requiredSkills: field.json<string[]>(),
  durationMinutes: field.integer(),
  windowStart: field.timestamp(),
  windowEnd: field.timestamp(),
  status: field.text<WorkOrderStatus>({ computed: true }),
  technicianId: field.nullableText(),
  /** The technician's user once dispatched (else the creator); `own`/`team` scopes follow it. */
  ownerId: field.nullableText(),
  scheduledStart: field.nullableTimestamp(),
  scheduledEnd: field.nullableTimestamp(),
  /** The appointment on the technician's calendar, when the calendar service is installed. */
  appointmentId: field.nullableText(),
  arrivedAt: field.nullableTimestamp(),
  finishedAt: field.nullableTimestamp(),
  minutesWorked: field.nullableInteger(),
  outcomeNote: field.nullableText({ filterable: false, sortable: false }),
};

type WorkOrderValues = EntityRecord<typeof workOrderFields>;

/** Field-service work orders: a visit by a technician with the right skills, in a time window. */
export const workOrderEntity = defineEntity({
  type: "work_order",
  table: "service_work_orders",
  idPrefix: "wo",
  fields: workOrderFields,
  createSchema: createWorkOrderSchema,
  patchSchema: updateWorkOrderSchema,
  ownerField: "ownerId",
  parent: { type: "case", field: "caseId" },
  validate: async (next: WorkOrderValues, before: WorkOrderValues | null, op) => {
    if (before !== null) return;
    if (next.caseId !== null) {
      const found = await serviceDb(op)
        .selectFrom("service_cases")
        .select("archived_at")
        .where("tenant_id", "=", op.tenantId)
        .where("id", "=", next.caseId)
        .executeTakeFirst();
      if (!found || found.archived_at !== null)
        throw ValidationError.forField(["caseId"], `Unknown case ${next.caseId}`);
    }
    if (next.accountId !== null) await requireAccount(op, next.accountId, ["accountId"]);
  },
});

// The complete stored form; only the module's create verb uses it, after filling the case's defaults.
const storedSchema = z
  .object(
    Object.fromEntries(Object.keys(workOrderFields).map((key) => [key, z.unknown()])) as Record<
      keyof typeof workOrderFields,
      z.ZodUnknown
    >,
  )
  .extend({
    custom: z.record(z.string(), z.unknown()).optional(),
    externalIds: z.record(z.string(), z.string()).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

/** The work order entity with its stored create form. */
export const storedWorkOrderEntity = defineEntity({ ...workOrderEntity, createSchema: storedSchema });

/** A work order as stored and returned. */
export type WorkOrder = WorkOrderValues;
