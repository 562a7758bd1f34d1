import { idSchema, longTextSchema, textSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { subjectSchema } from "../cases/case-schema.js";
import { instantSchema } from "../shared/time-schemas.js";
import { skillSchema, territorySchema } from "./technician-schema.js";

/**
 * A work order's lifecycle: `new → scheduled (dispatched) → en_route → on_site → completed`
 * or `cannot_complete`; a work order not yet under way can be `cancelled`.
 */
export const WORK_ORDER_STATUSES = [
  "new",
  "scheduled",
  "en_route",
  "on_site",
  "completed",
  "cannot_complete",
  "cancelled",
] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

const place = textSchema().trim().min(1).max(200);

/** Where the work is. */
export const locationSchema = z
  .object({
    address: place.optional(),
    city: place.optional(),
    postalCode: textSchema().trim().min(1).max(20).optional(),
    /** ISO 3166-1 alpha-2. */
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "Use a two-letter ISO country code")
      .optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, "Give at least an address, a city or coordinates");
export type WorkOrderLocation = z.output<typeof locationSchema>;

const workOrderFields = {
  /** The case it comes from; its account and subject are the defaults. */
  caseId: idSchema("case").nullable(),
  accountId: idSchema("acc").nullable(),
  title: subjectSchema,
  description: longTextSchema.nullable(),
  location: locationSchema,
  /** Only technicians of this territory are proposed. */
  territory: territorySchema.nullable(),
  requiredSkills: z.array(skillSchema).max(50),
  /** How long the job takes on site. */
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** The customer's window: the visit MUST start and end inside it. */
  windowStart: instantSchema,
  windowEnd: instantSchema,
};

function checkWindow(
  value: { windowStart?: string | undefined; windowEnd?: string | undefined; durationMinutes?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.windowStart === undefined || value.windowEnd === undefined) return;
  const span = new Date(value.windowEnd).getTime() - new Date(value.windowStart).getTime();
  if (span <= 0) ctx.addIssue({ code: "custom", path: ["windowEnd"], message: "windowEnd must be after windowStart" });
  else if (value.durationMinutes !== undefined && span < value.durationMinutes * 60_000) {
    ctx.addIssue({ code: "custom", path: ["windowEnd"], message: "The window is shorter than the work" });
  }
}

/**
 * Input of `service.workOrders.create`: standalone, or from a case (`caseId`; then `title`
 * and `accountId` default to the case's).
 *
 * @example
 * ```ts
 * await dispatcher.service.workOrders.create({
 *   caseId: c.id, location: { address: "Main St 1", city: "Berlin" }, territory: "north",
 *   requiredSkills: ["hvac"], durationMinutes: 90,
 *   windowStart: "2026-03-03T08:00:00Z", windowEnd: "2026-03-03T16:00:00Z",
 * });
 * ```
 */
export const createWorkOrderSchema = withRecordExtensions(
  z
    .object({
      ...workOrderFields,
      caseId: workOrderFields.caseId.optional(),
      accountId: workOrderFields.accountId.optional(),
      title: workOrderFields.title.optional(),
      description: workOrderFields.description.optional(),
      territory: workOrderFields.territory.optional(),
      requiredSkills: workOrderFields.requiredSkills.default([]),
    })
    .strict()
    .superRefine(checkWindow)
    .superRefine((value, ctx) => {
      if (value.title === undefined && !value.caseId)
        ctx.addIssue({ code: "custom", path: ["title"], message: "A work order without a case needs a title" });
    }),
);
export type CreateWorkOrderInput = z.input<typeof createWorkOrderSchema>;

/** Input of `service.workOrders.update`: details of a work order; its schedule changes through `dispatch`. */
export const updateWorkOrderSchema = withRecordExtensions(
  z
    .object({
      title: workOrderFields.title,
      description: workOrderFields.description,
      location: workOrderFields.location,
    })
    .partial()
    .strict(),
);
export type UpdateWorkOrderInput = z.input<typeof updateWorkOrderSchema>;

/** Options of `service.workOrders.dispatch`. Without a technician, the best available one is chosen. */
export const dispatchSchema = z
  .object({
    technicianId: idSchema("tech").optional(),
    /** A start for the visit; without it the technician's earliest free slot in the window is taken. */
    start: instantSchema.optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type DispatchInput = z.input<typeof dispatchSchema>;

/** A part used on a work order. */
export const partSchema = z
  .object({
    productId: idSchema("prd").optional(),
    description: textSchema().trim().min(1).max(500),
    quantity: z.number().int().min(1).max(1_000_000),
  })
  .strict();
export type PartInput = z.input<typeof partSchema>;

/** Options of `service.workOrders.complete`. `minutesWorked` defaults to the time since arrival. */
export const completeWorkOrderSchema = z
  .object({
    minutesWorked: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    notes: longTextSchema.optional(),
    parts: z.array(partSchema).max(200).optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type CompleteWorkOrderInput = z.input<typeof completeWorkOrderSchema>;

/** Options of `cannotComplete` and `cancel`: why. */
export const outcomeReasonSchema = z
  .object({
    reason: textSchema().trim().min(1).max(2_000),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type OutcomeReasonInput = z.input<typeof outcomeReasonSchema>;

/** Options of the travel verbs (`startTravel`, `arrive`). */
export const progressSchema = z.object({ expectedVersion: z.number().int().positive().optional() }).strict();
export type ProgressInput = z.input<typeof progressSchema>;
