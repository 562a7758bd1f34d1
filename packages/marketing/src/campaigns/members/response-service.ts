import {
  createEntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { campaignsDb } from "../shared/campaign-tables.js";
import { peersOf } from "../shared/peers.js";
import {
  type CampaignInfluence,
  type CampaignMember,
  type CampaignResponse,
  influenceEntity,
  memberEntity,
  responseEntity,
} from "./member-entities.js";
import { campaignFilter, campaignToWork, memberFor, requireReadable, statusOf } from "./member-rules.js";
import {
  type InfluenceInput,
  influenceSchema,
  type RecordResponseInput,
  recordResponseSchema,
} from "./member-schema.js";

/** The status a response gets: the one named (which must count as responded) or the first that does. */
async function responseStatus(op: OperationContext, key: string | undefined): Promise<string> {
  if (key !== undefined) {
    const status = await statusOf(op, key, ["status"]);
    if (!status.responded)
      throw ValidationError.forField(["status"], `Member status "${key}" does not count as a response`);
    return status.key;
  }
  const first = await campaignsDb(op)
    .selectFrom("marketing_member_statuses")
    .select("key")
    .where("tenant_id", "=", op.tenantId)
    .where("responded", "=", 1)
    .where("archived_at", "is", null)
    .orderBy("position")
    .orderBy("key")
    .executeTakeFirst();
  if (!first) throw ValidationError.forField(["status"], "The tenant has no member status marked responded");
  return first.key;
}

/** Responses and influence: their part of `client.marketing.campaigns`. */
export function responseService(ctx: ModuleContext) {
  const responses = createEntityService(ctx, responseEntity);
  return {
    /**
     * Records a response to a campaign from a contact, a lead, or someone new (`lead`: captured
     * through `sales.leads.capture`, source `campaign`, which may attach it to an existing lead
     * or contact). The responder becomes (or stays) a member with a `responded` status; a named
     * opportunity — or one the capture converted to — is recorded as influenced by the campaign.
     */
    recordResponse: (input: RecordResponseInput): Promise<CampaignResponse> =>
      ctx.run(async (op) => {
        const draft = parseInput(recordResponseSchema, input);
        const campaign = await campaignToWork(op, draft.campaignId);
        const status = await responseStatus(op, draft.status);
        if (draft.contactId !== undefined) await requireReadable(op, "contact", [draft.contactId], "contactId");
        if (draft.leadId !== undefined) await requireReadable(op, "lead", [draft.leadId], "leadId");
        if (draft.opportunityId !== undefined)
          await requireReadable(op, "opportunity", [draft.opportunityId], "opportunityId");
        let who = { contactId: draft.contactId ?? null, leadId: draft.leadId ?? null };
        let opportunityId = draft.opportunityId ?? null;
        let captureOutcome: string | null = null;
        if (draft.lead !== undefined) {
          const leads = peersOf(op).sales?.leads;
          if (!leads)
            throw ValidationError.forField(["lead"], "Responses become leads only when the sales module is installed");
          const captured = await leads
            .capture(
              { ...draft.lead, source: "campaign", sourceDetail: campaign.name },
              draft.idempotencyKey === undefined ? {} : { idempotencyKey: draft.idempotencyKey },
            )
            .catch((error: unknown) => {
              if (!(error instanceof ValidationError)) throw error;
              throw new ValidationError(error.issues.map((issue) => ({ ...issue, path: ["lead", ...issue.path] })));
            });
          who = { contactId: captured.contactId, leadId: captured.leadId };
          opportunityId = opportunityId ?? captured.opportunityId;
          captureOutcome = captured.outcome;
        }
        const respondedAt = draft.respondedAt ?? op.timestamp;
        const existing = await memberFor(op, campaign.id, who);
        const member =
          existing === null
            ? ((
                await op
                  .records(memberEntity)
                  .insert([{ campaignId: campaign.id, ...memberKey(who), status, respondedAt }])
              )[0] as CampaignMember)
            : await op
                .records(memberEntity)
                .change(existing, { status, respondedAt: existing.respondedAt ?? respondedAt }, { action: "respond" });
        const phase = await campaignsDb(op)
          .selectFrom("marketing_campaign_phases")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("campaign_id", "=", campaign.id)
          .where("archived_at", "is", null)
          .where("starts_at", "<=", respondedAt)
          .where("ends_at", ">", respondedAt)
          .executeTakeFirst();
        const [response] = await op.records(responseEntity).insert([
          {
            campaignId: campaign.id,
            memberId: member.id,
            phaseId: phase?.id ?? null,
            contactId: who.contactId,
            leadId: who.leadId,
            opportunityId,
            status,
            respondedAt,
            captureOutcome,
            note: draft.note ?? null,
          },
        ]);
        if (opportunityId !== null) await touch(op, campaign.id, opportunityId, respondedAt);
        return op.records(responseEntity).shown(response as CampaignResponse);
      }),

    /** The campaign's responses the caller may read (filter by `phaseId`, `leadId`, `respondedAt`…). */
    responses: (campaignId: string, options: ListOptions = {}): Promise<Page<CampaignResponse>> =>
      responses.list({ ...options, filter: [...(options.filter ?? []), campaignFilter(campaignId)] }),

    /**
     * Records that the campaign influenced an opportunity (at `touchedAt`, default now). The
     * same pair again writes nothing and returns the first record.
     */
    influence: (input: InfluenceInput): Promise<CampaignInfluence> =>
      ctx.run(async (op) => {
        const draft = parseInput(influenceSchema, input);
        const campaign = await campaignToWork(op, draft.campaignId);
        await requireReadable(op, "opportunity", [draft.opportunityId], "opportunityId");
        return op
          .records(influenceEntity)
          .shown(await touch(op, campaign.id, draft.opportunityId, draft.touchedAt ?? op.timestamp));
      }),
  };
}

function memberKey(who: { contactId: string | null; leadId: string | null }) {
  // A member is one person in one role: the lead when there is one, else the contact.
  return who.leadId !== null ? { leadId: who.leadId, contactId: null } : { contactId: who.contactId, leadId: null };
}

/** The campaign's influence record on an opportunity, created the first time. */
async function touch(op: OperationContext, campaignId: string, opportunityId: string, touchedAt: string) {
  const row = await campaignsDb(op)
    .selectFrom("marketing_campaign_influence")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("campaign_id", "=", campaignId)
    .where("opportunity_id", "=", opportunityId)
    .executeTakeFirst();
  if (row) return op.records(influenceEntity).get(row.id, { authorize: false });
  const [created] = await op.records(influenceEntity).insert([{ campaignId, opportunityId, touchedAt }]);
  return created as CampaignInfluence;
}
