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
import { segmentEntity } from "../segments/segment-entity.js";
import { matchingIds, segmentIds } from "../segments/segment-query.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import {
  type CampaignMember,
  type MemberStatus,
  memberEntity,
  memberStatusEntity,
  otherRespondedStatus,
} from "./member-entities.js";
import { campaignFilter, campaignToWork, requireReadable, statusOf } from "./member-rules.js";
import { type AddMembersInput, addMembersSchema, statusKeySchema } from "./member-schema.js";

type WriteOptions = z.input<typeof writeOptionsSchema>;

/** Records inserted per call of the record layer. */
const CHUNK = 500;

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

/** Members and member statuses: their part of `client.marketing.campaigns`. */
export function memberService(ctx: ModuleContext) {
  const members = createEntityService(ctx, memberEntity);
  const statuses = createEntityService(ctx, memberStatusEntity);
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
  };
}
