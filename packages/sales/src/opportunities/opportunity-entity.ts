import {
  type CoreClient,
  defineEntity,
  type EntityRecord,
  field,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import { requiredFieldsMissing } from "../errors.js";
import { isMissing } from "../internal/missing-link.js";
import { currentStage } from "../pipelines/stage-store.js";
import { opportunitySharing } from "./opportunity-access.js";
import { validateNewOpportunities } from "./opportunity-batch-rules.js";
import {
  createOpportunitySchema,
  OPPORTUNITY_STATUSES,
  type OpportunityStatus,
  PROBABILITY_SOURCES,
  type ProbabilitySource,
  updateOpportunitySchema,
} from "./opportunity-schema.js";
import { missingForStage } from "./required-fields.js";

const opportunityFields = {
  name: field.text(),
  accountId: field.text(),
  primaryContactId: field.nullableText(),
  ownerId: field.nullableText(),
  pipelineId: field.text(),
  stageKey: field.text(),
  status: field.text<OpportunityStatus>({ computed: true, values: OPPORTUNITY_STATUSES }),
  amount: field.nullableInteger(),
  currency: field.nullableText(),
  recurringAmount: field.nullableInteger(),
  termMonths: field.nullableInteger(),
  closeDate: field.nullableText(),
  probability: field.integer(),
  probabilitySource: field.text<ProbabilitySource>({ computed: true, values: PROBABILITY_SOURCES }),
  source: field.nullableText(),
  leadId: field.nullableText(),
  nextStep: field.nullableText(),
  description: field.nullableText({ filterable: false, sortable: false }),
  /** When the opportunity entered its current stage. */
  stageEnteredAt: field.timestamp({ computed: true }),
  closedAt: field.nullableTimestamp(),
  lostReasonId: field.nullableText(),
  lostNote: field.nullableText({ filterable: false, sortable: false }),
  lostToCompetitorId: field.nullableText(),
};

/** An opportunity as stored and returned. */
export type Opportunity = EntityRecord<typeof opportunityFields>;

async function checkLinks(next: Opportunity, before: Opportunity | null, op: OperationContext): Promise<void> {
  if (before === null || before.accountId !== next.accountId) {
    try {
      await op.recordRef("account", next.accountId);
    } catch (error) {
      if (!isMissing(error)) throw error;
      throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`, {
        accountId: next.accountId,
      });
    }
  }
  const contactChanged =
    before === null || before.primaryContactId !== next.primaryContactId || before.accountId !== next.accountId;
  if (next.primaryContactId !== null && contactChanged) {
    let accountId: string | null;
    try {
      accountId = (await (op.client() as CoreClient).contacts.get(next.primaryContactId)).accountId;
    } catch (error) {
      if (!isMissing(error)) throw error;
      throw ValidationError.forField(["primaryContactId"], `Contact ${next.primaryContactId} does not exist`, {
        contactId: next.primaryContactId,
      });
    }
    if (accountId !== next.accountId) {
      throw ValidationError.forField(
        ["primaryContactId"],
        `Contact ${next.primaryContactId} is not a contact of account ${next.accountId}`,
      );
    }
  }
}

/** Opportunities: deals in a pipeline, from first interest to won or lost. */
export const opportunityEntity = defineEntity({
  type: "opportunity",
  table: "sales_opportunities",
  idPrefix: "opp",
  fields: opportunityFields,
  createSchema: createOpportunitySchema,
  patchSchema: updateOpportunitySchema,
  ownerField: "ownerId",
  sharedWith: opportunitySharing,
  validate: async (next, before, op) => {
    await checkLinks(next, before, op);
    const stage = await currentStage(op, next.pipelineId, next.stageKey);
    const missing = stage ? await missingForStage(op, next, stage) : [];
    if (missing.length > 0) throw requiredFieldsMissing(next.stageKey, missing);
  },
  validateMany: (records, op) => validateNewOpportunities(records, op),
});
