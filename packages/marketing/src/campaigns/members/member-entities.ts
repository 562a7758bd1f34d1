import {
  defineEntity,
  type EntityRecord,
  field,
  idSchema,
  type OperationContext,
  ValidationError,
} from "@rapport/core";
import * as z from "zod";
import { campaignsDb } from "../shared/campaign-tables.js";
import { createMemberStatusSchema, statusKeySchema, updateMemberStatusSchema } from "./member-schema.js";

const statusFields = {
  key: field.text(),
  label: field.text(),
  responded: field.boolean(),
  position: field.integer(),
};

/** A member status of the tenant's list (seeded: sent, opened, clicked, responded, …). */
export type MemberStatus = EntityRecord<typeof statusFields>;

/** The tenant's member statuses. */
export const memberStatusEntity = defineEntity({
  type: "campaign_member_status",
  table: "marketing_member_statuses",
  idPrefix: "cms",
  fields: statusFields,
  createSchema: createMemberStatusSchema,
  patchSchema: updateMemberStatusSchema,
  // At least one status must count as a response: unmarking the last one is refused.
  validate: async (next, before, op) => {
    if (before === null || !before.responded || next.responded) return;
    if (!(await otherRespondedStatus(op, next.id)))
      throw ValidationError.forField(["responded"], "At least one member status must count as a response");
  },
});

/** Whether a live status other than `id` counts as a response (serialised, so two unmarkings cannot both pass). */
export async function otherRespondedStatus(op: OperationContext, id: string): Promise<boolean> {
  await op.lock("marketing-member-statuses");
  const other = await campaignsDb(op)
    .selectFrom("marketing_member_statuses")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("responded", "=", 1)
    .where("archived_at", "is", null)
    .where("id", "<>", id)
    .executeTakeFirst();
  return other !== undefined;
}

const memberFields = {
  campaignId: field.text(),
  contactId: field.nullableText(),
  leadId: field.nullableText(),
  status: field.nullableText({ computed: true }),
  /** The first time the member reached a `responded` status. */
  respondedAt: field.nullableTimestamp({ computed: true }),
};

/** A campaign member: a contact or a lead, with its status in this campaign. */
export type CampaignMember = EntityRecord<typeof memberFields>;

/** Campaign members. */
export const memberEntity = defineEntity({
  type: "campaign_member",
  table: "marketing_campaign_members",
  idPrefix: "cmm",
  fields: memberFields,
  createSchema: z
    .object({
      campaignId: idSchema("cmp"),
      contactId: idSchema("con").nullable(),
      leadId: idSchema("lead").nullable(),
      status: statusKeySchema.nullable(),
    })
    .strict(),
  patchSchema: z.object({}).strict(),
});

const responseFields = {
  campaignId: field.text(),
  memberId: field.text(),
  /** The phase whose dates hold `respondedAt`, if any. */
  phaseId: field.nullableText(),
  contactId: field.nullableText(),
  leadId: field.nullableText(),
  opportunityId: field.nullableText(),
  status: field.text(),
  respondedAt: field.timestamp(),
  /** What the lead capture did (`created`, `attached_to_lead`, `attached_to_contact`), when it ran. */
  captureOutcome: field.nullableText(),
  note: field.nullableText({ filterable: false, sortable: false }),
};

/** A response to a campaign. */
export type CampaignResponse = EntityRecord<typeof responseFields>;

/** Campaign responses. */
export const responseEntity = defineEntity({
  type: "campaign_response",
  table: "marketing_campaign_responses",
  idPrefix: "cmr",
  fields: responseFields,
  // Written only by `recordResponse`, which decides every value; the schema says what it writes.
  createSchema: z
    .object({
      campaignId: idSchema("cmp"),
      memberId: idSchema("cmm"),
      phaseId: idSchema("cph").nullable(),
      contactId: idSchema("con").nullable(),
      leadId: idSchema("lead").nullable(),
      opportunityId: idSchema("opp").nullable(),
      status: statusKeySchema,
      respondedAt: z.string(),
      captureOutcome: z.string().nullable(),
      note: z.string().nullable(),
    })
    .strict(),
  patchSchema: z.object({}).strict(),
});

const influenceFields = {
  campaignId: field.text(),
  opportunityId: field.text(),
  touchedAt: field.timestamp(),
};

/** A campaign's touch on an opportunity. */
export type CampaignInfluence = EntityRecord<typeof influenceFields>;

/** Campaign influence on opportunities. */
export const influenceEntity = defineEntity({
  type: "campaign_influence",
  table: "marketing_campaign_influence",
  idPrefix: "cmi",
  fields: influenceFields,
  createSchema: z
    .object({ campaignId: idSchema("cmp"), opportunityId: idSchema("opp"), touchedAt: z.string() })
    .strict(),
  patchSchema: z.object({}).strict(),
});
