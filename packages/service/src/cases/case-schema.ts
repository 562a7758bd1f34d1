import { idSchema, longTextSchema, textSchema, userIdSchema, withRecordExtensions } from "@rapport/core";
import { plainExtensionRules, plainFields, plainInput } from "@rapport/core/internals";
import * as z from "zod";
import {
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_TYPES,
  COMPLAINT_SEVERITIES,
  ESCALATION_LEVELS,
  ROOT_CAUSES,
} from "../shared/vocabulary.js";

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** A language tag such as `en`, `de-AT` or `pt-BR` (BCP 47, simplified). */
export const languageSchema = z.string().trim().regex(LANGUAGE_TAG, "Use a language tag such as en, de-AT or pt-BR");

/** A case subject: one line, 1–500 characters. */
export const subjectSchema = textSchema().trim().min(1, "Must not be empty").max(500);

const caseFields = {
  subject: subjectSchema,
  description: longTextSchema.nullable(),
  /** The customer account; a contact given without it brings their account. */
  accountId: idSchema("acc").nullable(),
  /** The person who raised it; MUST belong to `accountId`. */
  contactId: idSchema("con").nullable(),
  productId: idSchema("prd").nullable(),
  channel: z.enum(CASE_CHANNELS),
  type: z.enum(CASE_TYPES),
  priority: z.enum(CASE_PRIORITIES),
  /** The queue it waits in; with no `ownerId`, the queue hands it to an agent. */
  queueId: idSchema("que").nullable(),
  /** The assigned agent (a host user id). */
  ownerId: userIdSchema.nullable(),
  /** Complaints only. @default "medium" for complaints */
  severity: z.enum(COMPLAINT_SEVERITIES),
  /** Complaints only: the root-cause category for the complaint register. */
  rootCause: z.enum(ROOT_CAUSES).nullable(),
  language: languageSchema.nullable(),
  /** An entitlement to file it under; otherwise the best one of the account is found. */
  entitlementId: idSchema("ent"),
};

function complaintFieldsOnlyOnComplaints(
  value: { type?: string | undefined; severity?: unknown; rootCause?: unknown },
  ctx: z.RefinementCtx,
) {
  if (value.type === "complaint") return;
  for (const key of ["severity", "rootCause"] as const) {
    if (value[key] != null)
      ctx.addIssue({ code: "custom", path: [key], message: `${key} is only for complaints (type "complaint")` });
  }
}

/**
 * Input of `service.cases.create`. `type` defaults to `"question"` and `priority` to
 * `"normal"`. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * await agent.service.cases.create({ subject: "Printer jams", channel: "phone", type: "problem", accountId: acct.id, contactId: con.id });
 * ```
 */
export const createCaseSchema = withRecordExtensions(
  z
    .object({
      subject: caseFields.subject,
      description: caseFields.description.optional(),
      accountId: caseFields.accountId.optional(),
      contactId: caseFields.contactId.optional(),
      productId: caseFields.productId.optional(),
      channel: caseFields.channel,
      type: caseFields.type.default("question"),
      priority: caseFields.priority.default("normal"),
      queueId: caseFields.queueId.optional(),
      ownerId: caseFields.ownerId.optional(),
      severity: caseFields.severity.optional(),
      rootCause: caseFields.rootCause.optional(),
      language: caseFields.language.optional(),
      entitlementId: caseFields.entitlementId.optional(),
    })
    .strict()
    .superRefine(complaintFieldsOnlyOnComplaints),
);
export type CreateCaseInput = z.input<typeof createCaseSchema>;
/** `createCaseSchema`'s output. */
export type CaseDraft = z.output<typeof createCaseSchema>;

const { oneOf, recordId, strictObject, text } = plainInput;

/**
 * {@link createCaseSchema} for plain inputs (see core's `plainInput`): what its parse
 * returns, or `UNSURE` to let it decide. Keys in the schema's order.
 */
export const plainCreateCase = strictObject<CaseDraft>(
  {
    subject: { read: text({ trim: true, min: 1, max: 500 }), required: true },
    description: { read: plainFields.longText, nullable: true },
    accountId: { read: recordId("acc"), nullable: true },
    contactId: { read: recordId("con"), nullable: true },
    productId: { read: recordId("prd"), nullable: true },
    channel: { read: oneOf(CASE_CHANNELS), required: true },
    type: { read: oneOf(CASE_TYPES), fallback: () => "question" },
    priority: { read: oneOf(CASE_PRIORITIES), fallback: () => "normal" },
    queueId: { read: recordId("que"), nullable: true },
    ownerId: { read: plainFields.userId, nullable: true },
    severity: { read: oneOf(COMPLAINT_SEVERITIES) },
    rootCause: { read: oneOf(ROOT_CAUSES), nullable: true },
    // The pattern excludes NUL, as the schema's does.
    language: { read: text({ trim: true, max: Number.POSITIVE_INFINITY, pattern: LANGUAGE_TAG }), nullable: true },
    entitlementId: { read: recordId("ent") },
    ...plainExtensionRules,
  },
  (draft) => draft.type === "complaint" || (draft.severity == null && draft.rootCause == null),
);

/**
 * Input of `service.cases.update`: descriptive fields. Status, assignment and
 * classification change through their verbs (`resolve`, `assign`, `triage`), which keep
 * SLA clocks and events right.
 */
export const updateCaseSchema = withRecordExtensions(
  z
    .object({
      subject: caseFields.subject,
      description: caseFields.description,
      accountId: caseFields.accountId,
      contactId: caseFields.contactId,
      productId: caseFields.productId,
      language: caseFields.language,
    })
    .partial()
    .strict(),
);
export type UpdateCaseInput = z.input<typeof updateCaseSchema>;

/** Input of `service.cases.triage`: reclassify a case. A new priority retargets its SLA clocks. */
export const triageCaseSchema = z
  .object({
    type: caseFields.type,
    priority: caseFields.priority,
    severity: caseFields.severity,
    rootCause: caseFields.rootCause,
    expectedVersion: z.number().int().positive(),
  })
  .partial()
  .strict()
  .refine(
    (value) => Object.keys(value).some((key) => key !== "expectedVersion"),
    "Give at least one of type, priority, severity, rootCause",
  );
export type TriageCaseInput = z.input<typeof triageCaseSchema>;

/** Input of `service.cases.assign`: a queue, an agent, or both. A queue without an agent hands the case out by its rule. */
export const assignCaseSchema = z
  .object({
    queueId: caseFields.queueId.optional(),
    agentId: userIdSchema.nullable().optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict()
  .refine((value) => value.queueId !== undefined || value.agentId !== undefined, "Give a queueId, an agentId or both");
export type AssignCaseInput = z.input<typeof assignCaseSchema>;

/** Options of the status verbs (`open`, `pend`, `close`, `reopen`). */
export const statusOptionsSchema = z
  .object({
    /** Why (kept in the audit trail and the event). */
    reason: textSchema().trim().min(1).max(1_000).optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type StatusOptions = z.input<typeof statusOptionsSchema>;

/** Options of `service.cases.resolve`. */
export const resolveOptionsSchema = z
  .object({
    /** What fixed it. */
    resolution: longTextSchema.optional(),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type ResolveOptions = z.input<typeof resolveOptionsSchema>;

/** Who can read a comment: agents only, or the customer too. */
export const COMMENT_VISIBILITIES = ["internal", "public"] as const;
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number];

/**
 * Input of `service.cases.comment`. A `public` comment by an agent is the first response;
 * a comment by the customer on a pending case reopens it.
 */
export const commentSchema = z
  .object({
    body: longTextSchema.pipe(z.string().trim().min(1, "Must not be empty")),
    visibility: z.enum(COMMENT_VISIBILITIES).default("internal"),
    /** Who wrote it. @default "agent" */
    author: z.enum(["agent", "customer"]).default("agent"),
  })
  .strict()
  .refine((value) => value.author === "agent" || value.visibility === "public", {
    path: ["visibility"],
    message: "A customer's comment is always public",
  });
export type CommentInput = z.input<typeof commentSchema>;

/** Input of `service.cases.logTime`: work done on the case, counted against an hours entitlement. */
export const logTimeSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    note: textSchema().trim().min(1).max(1_000).optional(),
  })
  .strict();
export type LogTimeInput = z.input<typeof logTimeSchema>;

/** Options of `service.complaints.escalate`: a level above the current one (default: the next), and why. */
export const escalateSchema = z
  .object({
    level: z.enum(ESCALATION_LEVELS).optional(),
    reason: textSchema().trim().min(1).max(1_000),
    expectedVersion: z.number().int().positive().optional(),
  })
  .strict();
export type EscalateInput = z.input<typeof escalateSchema>;
