import { createEntityService, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { documentDb } from "../documents/document-tables.js";
import { loadForChange, writeChanges } from "../documents/record-verbs.js";
import { boundContext, privileged } from "../internal/bound-context.js";
import { authorizeOpportunity } from "../opportunities/opportunity-access.js";
import { opportunityEntity } from "../opportunities/opportunity-entity.js";
import { orderEntity } from "../orders/order-entity.js";
import type { SalesChannel } from "../orders/order-schema.js";
import { partnerEntity } from "./partner-entity.js";
import { attributionSchema, attributionTargetSchema } from "./partner-schema.js";

/** A record's channel attribution. */
export interface ChannelAttribution {
  readonly type: "opportunity" | "order";
  readonly id: string;
  readonly channel: SalesChannel;
  readonly partnerId: string | null;
}

/** Checks `partnerId` names an active partner of the tenant (whoever may read it). */
export async function requireActivePartner(op: OperationContext, partnerId: string, path: readonly PropertyKey[]) {
  const partner = await createEntityService(boundContext(privileged(op)), partnerEntity)
    .get(partnerId)
    .catch(() => null);
  if (partner === null) throw ValidationError.forField(path, `Partner ${partnerId} does not exist`);
  if (!partner.active || partner.archivedAt !== null) {
    throw ValidationError.forField(path, `Partner ${partnerId} is inactive`);
  }
  return partner;
}

/**
 * Sets an opportunity's channel and partner (columns beside the opportunity's fields),
 * audited on the opportunity. Emits `opportunity.updated` and `opportunity.attributed`.
 */
export async function attributeOpportunity(
  op: OperationContext,
  id: string,
  channel: SalesChannel,
  partnerId: string | null,
): Promise<ChannelAttribution> {
  const before = await loadForChange(op, opportunityEntity, id);
  const current = await documentDb(op)
    .selectFrom("sales_opportunities")
    .select(["channel", "partner_id"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", before.id)
    .executeTakeFirstOrThrow();
  if (current.channel !== channel || current.partner_id !== partnerId) {
    await writeChanges(op, opportunityEntity, before, {}, "attribute", [
      { field: "channel", column: "channel", before: current.channel, after: channel },
      { field: "partnerId", column: "partner_id", before: current.partner_id, after: partnerId },
    ]);
    op.emit("opportunity.attributed", { id: before.id, partnerId, channel });
  }
  return { type: "opportunity", id: before.id, channel, partnerId };
}

/**
 * `partners.attribute`: sets the channel (and partner) an opportunity or an order came
 * through. Needs `partner:attribute` and update rights on the record. Emits
 * `opportunity.attributed` or `order.attributed`.
 */
export async function attribute(op: OperationContext, target: unknown, input: unknown): Promise<ChannelAttribution> {
  const record = parseInput(attributionTargetSchema, target);
  const parsed = parseInput(attributionSchema, input);
  await op.authorize("partner:attribute");
  const partnerId = parsed.partnerId ?? null;
  if (partnerId !== null) await requireActivePartner(op, partnerId, ["partnerId"]);
  if (record.type === "opportunity") {
    const opportunity = await loadForChange(op, opportunityEntity, record.id);
    await authorizeOpportunity(op, "update", opportunity);
    return attributeOpportunity(op, opportunity.id, parsed.channel, partnerId);
  }
  const before = await loadForChange(op, orderEntity, record.id);
  await op.authorize("order:update", { ownerId: before.ownerId, createdBy: before.createdBy, id: before.id });
  if (before.channel !== parsed.channel || before.partnerId !== partnerId) {
    await writeChanges(op, orderEntity, before, { channel: parsed.channel, partnerId }, "attribute");
    op.emit("order.attributed", { id: before.id, partnerId, channel: parsed.channel });
  }
  return { type: "order", id: before.id, channel: parsed.channel, partnerId };
}

/** `partners.attributionOf`: the channel and partner of an opportunity or an order the actor may read. */
export async function attributionOf(op: OperationContext, target: unknown): Promise<ChannelAttribution> {
  const record = parseInput(attributionTargetSchema, target);
  if (record.type === "order") {
    const order = await createEntityService(boundContext(op), orderEntity).get(record.id);
    return { type: "order", id: order.id, channel: order.channel, partnerId: order.partnerId };
  }
  const opportunity = await createEntityService(boundContext(op), opportunityEntity).get(record.id);
  const row = await documentDb(op)
    .selectFrom("sales_opportunities")
    .select(["channel", "partner_id"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", opportunity.id)
    .executeTakeFirstOrThrow();
  return {
    type: "opportunity",
    id: opportunity.id,
    channel: (row.channel ?? "direct") as SalesChannel,
    partnerId: row.partner_id,
  };
}
