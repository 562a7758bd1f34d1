import {
  boundContext,
  createEntityService,
  InvalidTransitionError,
  idSchema,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  ValidationError,
  writeOptionsSchema,
} from "@rapport/core";
import type * as z from "zod";
import { type Campaign, campaignEntity } from "../campaigns/campaign-entity.js";
import { segmentEntity } from "../segments/segment-entity.js";
import { matchingIds, segmentIds } from "../segments/segment-query.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import { peersOf } from "../shared/peers.js";
import {
  type CampaignInfluence,
  type CampaignMember,
  type CampaignResponse,
  influenceEntity,
  type MemberStatus,
  memberEntity,
  memberStatusEntity,
  otherRespondedStatus,
  responseEntity,
} from "./member-entities.js";
import {
  type AddMembersInput,
  addMembersSchema,
  type InfluenceInput,
  influenceSchema,
  type RecordResponseInput,
  recordResponseSchema,
  statusKeySchema,
} from "./member-schema.js";

type WriteOptions = z.input<typeof writeOptionsSchema>;

/** Records inserted per call of the record layer. */
const CHUNK = 500;

/** A live campaign the caller may update (members, responses and influence change what it measures). */
async function campaignToWork(op: OperationContext, id: string): Promise<Campaign> {
  const campaign = await op.records(campaignEntity).get(parseInput(idSchema("cmp"), id), { authorize: "update" });
  if (campaign.archivedAt !== null) throw new InvalidTransitionError(`campaign ${id} is archived`, { details: { id } });
  return campaign;
}

/** A status of the tenant's list, or a `ValidationError` at `path`. */
async function statusOf(op: OperationContext, key: string, path: readonly PropertyKey[]) {
  const status = await campaignsDb(op)
    .selectFrom("marketing_member_statuses")
    .select(["key", "responded"])
    .where("tenant_id", "=", op.tenantId)
    .where("key", "=", key)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (!status) throw ValidationError.forField(path, `Unknown member status "${key}"`, { status: key });
  return { key: status.key, responded: Boolean(status.responded) };
}

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

/** Ids among `ids` that are live records of `type` the caller may read; others are a `ValidationError` at `path`. */
async function requireReadable(op: OperationContext, type: string, ids: readonly string[], path: PropertyKey) {
  if (ids.length === 0) return;
  let readable: Awaited<ReturnType<typeof matchingIds>>;
  try {
    readable = await matchingIds(op, type, []);
  } catch (error) {
    if (error instanceof ValidationError)
      throw ValidationError.forField([path], `No ${type} records here: is the module that holds them installed?`);
    throw error;
  }
  const found = new Set((await readable.where("id", "in", [...ids]).execute()).map((row) => row.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) throw ValidationError.forField([path], `Unknown ${type} ${unknown.join(", ")}`, { unknown });
}

/** The campaign's member for a contact or lead, if any. */
async function memberFor(
  op: OperationContext,
  campaignId: string,
  who: { contactId: string | null; leadId: string | null },
) {
  const column = who.leadId !== null ? "lead_id" : "contact_id";
  const row = await campaignsDb(op)
    .selectFrom("marketing_campaign_members")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("campaign_id", "=", campaignId)
    .where(column, "=", who.leadId ?? who.contactId)
    .executeTakeFirst();
  return row ? op.records(memberEntity).loadForChange(row.id, { authorize: false }) : null;
}

/** Adds members in chunks through the record layer; returns how many were added. */
async function insertMembers(
  op: OperationContext,
  campaignId: string,
  column: "contactId" | "leadId",
  ids: readonly string[],
  status: string | null,
): Promise<number> {
  for (let at = 0; at < ids.length; at += CHUNK) {
    await op.records(memberEntity).insert(
      ids.slice(at, at + CHUNK).map((id) => ({
        campaignId,
        contactId: column === "contactId" ? id : null,
        leadId: column === "leadId" ? id : null,
        status,
      })),
    );
  }
  return ids.length;
}

/** The ids among a query's that are not yet members of the campaign. */
async function notYetMembers(
  op: OperationContext,
  campaignId: string,
  column: "contact_id" | "lead_id",
  ids: Awaited<ReturnType<typeof matchingIds>>,
) {
  const rows = await ids
    .where(
      "id",
      "not in",
      campaignsDb(op)
        .selectFrom("marketing_campaign_members")
        .select(column)
        .where("tenant_id", "=", op.tenantId)
        .where("campaign_id", "=", campaignId)
        .where(column, "is not", null),
    )
    .orderBy("id")
    .execute();
  return rows.map((row) => row.id);
}

/** Members, member statuses, responses and influence: their part of `client.marketing.campaigns`. */
export function memberService(ctx: ModuleContext) {
  const members = createEntityService(ctx, memberEntity);
  const responses = createEntityService(ctx, responseEntity);
  const statuses = createEntityService(ctx, memberStatusEntity);
  const campaignFilter = (campaignId: string) => ({
    field: "campaignId",
    op: "eq" as const,
    value: parseInput(idSchema("cmp"), campaignId),
  });
  return {
    /** The tenant's member statuses (create / get / list / update / archive); `responded` marks those that count as responses. */
    memberStatuses: {
      create: statuses.create,
      get: statuses.get,
      list: statuses.list,
      update: statuses.update,
      /** Archives a status; the last one that counts as a response cannot be archived (`InvalidTransitionError`). */
      archive: (id: string, options: WriteOptions = {}): Promise<MemberStatus> =>
        ctx.run(async (op) => {
          const status = await op
            .records(memberStatusEntity)
            .get(parseInput(idSchema("cms"), id), { authorize: "archive" });
          if (status.responded && status.archivedAt === null && !(await otherRespondedStatus(op, status.id)))
            throw new InvalidTransitionError("At least one member status must count as a response", {
              details: { id: status.id, key: status.key },
            });
          return createEntityService(boundContext(op), memberStatusEntity).archive(id, options);
        }),
    },

    members: {
      /** One member. */
      get: members.get,
      /** The campaign's members the caller may read; filter by `status`, `contactId`, `leadId`, `respondedAt`. */
      list: (campaignId: string, options: ListOptions = {}): Promise<Page<CampaignMember>> =>
        members.list({ ...options, filter: [...(options.filter ?? []), campaignFilter(campaignId)] }),
      /**
       * Adds contacts and leads — named, or the members of a contact or lead segment now, under
       * the caller's scopes — to the campaign. Those already members are skipped; unknown or
       * unreadable ids are a `ValidationError` and nothing is written. Returns how many were added.
       */
      add: (campaignId: string, input: AddMembersInput): Promise<{ added: number }> =>
        ctx.run(async (op) => {
          const draft = parseInput(addMembersSchema, input);
          const campaign = await campaignToWork(op, campaignId);
          const status = draft.status === undefined ? null : (await statusOf(op, draft.status, ["status"])).key;
          const contactIds = [...new Set(draft.contactIds ?? [])];
          const leadIds = [...new Set(draft.leadIds ?? [])];
          await requireReadable(op, "contact", contactIds, "contactIds");
          await requireReadable(op, "lead", leadIds, "leadIds");
          const wanted: {
            contact: Awaited<ReturnType<typeof matchingIds>>[];
            lead: Awaited<ReturnType<typeof matchingIds>>[];
          } = {
            contact: [],
            lead: [],
          };
          if (contactIds.length > 0)
            wanted.contact.push((await matchingIds(op, "contact", [])).where("id", "in", contactIds));
          if (leadIds.length > 0) wanted.lead.push((await matchingIds(op, "lead", [])).where("id", "in", leadIds));
          if (draft.segmentId !== undefined) {
            const segment = await op.records(segmentEntity).get(draft.segmentId);
            if (segment.recordType !== "contact" && segment.recordType !== "lead")
              throw ValidationError.forField(
                ["segmentId"],
                `Segment ${segment.id} holds ${segment.recordType}s: members are contacts or leads`,
              );
            wanted[segment.recordType].push(await segmentIds(op, segment));
          }
          let added = 0;
          for (const query of wanted.contact) {
            added += await insertMembers(
              op,
              campaign.id,
              "contactId",
              await notYetMembers(op, campaign.id, "contact_id", query),
              status,
            );
          }
          for (const query of wanted.lead) {
            added += await insertMembers(
              op,
              campaign.id,
              "leadId",
              await notYetMembers(op, campaign.id, "lead_id", query),
              status,
            );
          }
          return { added };
        }),
      /**
       * Sets a member's status (a key of the tenant's list). Reaching a `responded` status the
       * first time stamps `respondedAt`. The same status again writes nothing.
       */
      setStatus: (memberId: string, status: string, options: WriteOptions = {}): Promise<CampaignMember> =>
        ctx.run(async (op) => {
          const key = parseInput(statusKeySchema, status);
          const { expectedVersion } = parseInput(writeOptionsSchema, options);
          const records = op.records(memberEntity);
          const before = await records.loadForChange(parseInput(idSchema("cmm"), memberId), {
            expectedVersion,
            authorize: false,
          });
          await campaignToWork(op, before.campaignId);
          const next = await statusOf(op, key, ["status"]);
          const after = await records.change(
            before,
            { status: next.key, respondedAt: before.respondedAt ?? (next.responded ? op.timestamp : null) },
            {
              action: "set_status",
              events: (record) => [
                {
                  type: "campaign_member.status_changed",
                  data: {
                    id: record.id,
                    campaignId: record.campaignId,
                    version: record.version,
                    from: before.status,
                    to: record.status,
                  },
                },
              ],
            },
          );
          return records.shown(after);
        }),
    },

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
