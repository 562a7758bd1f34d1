import { defineEntity, type EntityRecord, field, type OperationContext, ValidationError } from "@rapport/core";
import * as z from "zod";
import { requireQueue } from "../queues/queue-service.js";
import { requireAccount, requireContact, requireProduct } from "../shared/peers.js";
import type {
  CaseChannel,
  CasePriority,
  CaseStatus,
  CaseType,
  ComplaintSeverity,
  EntitlementStatus,
  EscalationLevel,
  RootCause,
  SlaStatus,
} from "../shared/vocabulary.js";
import { createCaseSchema, updateCaseSchema } from "./case-schema.js";

const caseFields = {
  subject: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  accountId: field.nullableText(),
  contactId: field.nullableText(),
  productId: field.nullableText(),
  channel: field.text<CaseChannel>(),
  type: field.text<CaseType>(),
  priority: field.text<CasePriority>(),
  status: field.text<CaseStatus>({ computed: true }),
  queueId: field.nullableText(),
  /** The assigned agent; `own`/`team` scopes follow it. */
  ownerId: field.nullableText(),
  severity: field.nullableText<ComplaintSeverity>(),
  rootCause: field.nullableText<RootCause>(),
  escalationLevel: field.nullableText<EscalationLevel>(),
  language: field.nullableText(),
  entitlementId: field.nullableText(),
  /** How the case stands against its entitlement; `expired` and `exhausted` flag it. */
  entitlementStatus: field.text<EntitlementStatus>({ computed: true }),
  slaPolicyId: field.nullableText(),
  firstResponseDueAt: field.nullableTimestamp(),
  firstResponseStatus: field.nullableText<SlaStatus>(),
  resolutionDueAt: field.nullableTimestamp(),
  resolutionStatus: field.nullableText<SlaStatus>(),
  /** Business minutes on the resolution clock, as of its last change (live value: `cases.sla(id)`). */
  slaElapsedMinutes: field.integer({ computed: true }),
  firstRespondedAt: field.nullableTimestamp(),
  resolvedAt: field.nullableTimestamp(),
  closedAt: field.nullableTimestamp(),
  resolution: field.nullableText({ filterable: false, sortable: false }),
  /** The inbound request the case came from, when it came through `service.intake`. */
  intakeId: field.nullableText(),
};

type CaseValues = EntityRecord<typeof caseFields>;

// Cross-record rules, on create and on every update: the contact belongs to the account.
async function validateCase(next: CaseValues, before: CaseValues | null, op: OperationContext): Promise<void> {
  if (next.accountId !== null && next.accountId !== before?.accountId)
    await requireAccount(op, next.accountId, ["accountId"]);
  const contactMoved = next.contactId !== before?.contactId || next.accountId !== before?.accountId;
  if (next.contactId !== null && contactMoved) {
    const contact = await requireContact(op, next.contactId, ["contactId"]);
    if (contact.accountId !== next.accountId) {
      throw ValidationError.forField(
        ["contactId"],
        `Contact ${next.contactId} does not belong to account ${next.accountId ?? "(none)"}`,
        {
          contactId: next.contactId,
          accountId: next.accountId,
        },
      );
    }
  }
  if (next.productId !== null && next.productId !== before?.productId)
    await requireProduct(op, next.productId, ["productId"]);
  if (next.queueId !== null && next.queueId !== before?.queueId) await requireQueue(op, next.queueId, ["queueId"]);
}

/** Cases (service requests) from every channel. */
export const caseEntity = defineEntity({
  type: "case",
  table: "service_cases",
  idPrefix: "case",
  fields: caseFields,
  createSchema: createCaseSchema,
  patchSchema: updateCaseSchema,
  ownerField: "ownerId",
  parent: { type: "account", field: "accountId" },
  validate: validateCase,
});

// Every column, as the create verb computes it: status, SLA, entitlement and assignment included.
const storedCaseSchema = z
  .object(
    Object.fromEntries(Object.keys(caseFields).map((key) => [key, z.unknown()])) as Record<
      keyof typeof caseFields,
      z.ZodUnknown
    >,
  )
  .extend({
    custom: z.record(z.string(), z.unknown()).optional(),
    externalIds: z.record(z.string(), z.string()).optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

/** The case entity with the complete stored form: only the module's create verb uses it, after validating the public input. */
export const storedCaseEntity = defineEntity({ ...caseEntity, createSchema: storedCaseSchema });

/** A case as stored and returned. */
export type Case = CaseValues;

/** Fields a case verb changes, built up one by one before the change. */
export type CaseChanges = { -readonly [K in keyof Case]?: Case[K] };
