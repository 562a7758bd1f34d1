import { InvalidTransitionError, idSchema, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { type Campaign, campaignEntity } from "../campaigns/campaign-entity.js";
import { matchingIds } from "../segments/segment-query.js";
import { campaignsDb } from "../shared/campaign-tables.js";
import { memberEntity } from "./member-entities.js";

/** A live campaign the caller may update (members, responses and influence change what it measures). */
export async function campaignToWork(op: OperationContext, id: string): Promise<Campaign> {
  const campaign = await op.records(campaignEntity).get(parseInput(idSchema("cmp"), id), { authorize: "update" });
  if (campaign.archivedAt !== null) throw new InvalidTransitionError(`campaign ${id} is archived`, { details: { id } });
  return campaign;
}

/** A status of the tenant's list, or a `ValidationError` at `path`. */
export async function statusOf(op: OperationContext, key: string, path: readonly PropertyKey[]) {
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

/** Ids among `ids` that are live records of `type` the caller may read; others are a `ValidationError` at `path`. */
export async function requireReadable(op: OperationContext, type: string, ids: readonly string[], path: PropertyKey) {
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
export async function memberFor(
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

/** A list filter on a campaign's children. */
export function campaignFilter(campaignId: string) {
  return { field: "campaignId", op: "eq" as const, value: parseInput(idSchema("cmp"), campaignId) };
}
