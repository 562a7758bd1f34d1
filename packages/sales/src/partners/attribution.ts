import { boundContext, createEntityService, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { salesDb } from "../database.js";
import { nullWhenMissing } from "../internal/missing-link.js";
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
  const partner = await op.asSystem().records(partnerEntity).get(partnerId).catch(nullWhenMissing);
  if (partner === null) throw ValidationError.forField(path, `Partner ${partnerId} does not exist`);
  if (!partner.active || partner.archivedAt !== null) {
    throw ValidationError.forField(path, `Partner ${partnerId} is inactive`);
  }
  return partner;
}

/**
 * Sets an opportunity's channel and partner (columns beside the opportunity's fields) as a
 * change of the opportunity, which the actor needs `authorize` on: audited as `attribute`,
 * announced as `opportunity.updated` and `opportunity.attributed`. The same attribution again changes nothing.
 */
export async function attributeOpportunity(
  op: OperationContext,
  id: string,
  channel: SalesChannel,
  partnerId: string | null,
  authorize: "read" | "update",
): Promise<ChannelAttribution> {
  const opportunities = op.records(opportunityEntity);
  const before = await opportunities.loadForChange(id, { authorize });
  const current = await salesDb(op)
    .selectFrom("sales_opportunities")
    .select(["channel", "partner_id"])
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", before.id)
    .executeTakeFirstOrThrow();
  await opportunities.change(
    before,
    {},
    {
      action: "attribute",
      extra: [
        { field: "channel", column: "channel", before: current.channel, after: channel },
        { field: "partnerId", column: "partner_id", before: current.partner_id, after: partnerId },
      ],
      events: (after) => [{ type: "opportunity.attributed", data: { id: after.id, partnerId, channel } }],
    },
  );
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
  if (record.type === "opportunity") return attributeOpportunity(op, record.id, parsed.channel, partnerId, "update");
  const orders = op.records(orderEntity);
  const before = await orders.loadForChange(record.id);
  await orders.change(
    before,
    { channel: parsed.channel, partnerId },
    {
      action: "attribute",
      events: (after) => [{ type: "order.attributed", data: { id: after.id, partnerId, channel: parsed.channel } }],
    },
  );
  return { type: "order", id: before.id, channel: parsed.channel, partnerId };
}

/** `partners.attributionOf`: the channel and partner of an opportunity or an order the actor may read. */
export async function attributionOf(op: OperationContext, target: unknown): Promise<ChannelAttribution> {
  const record = parseInput(attributionTargetSchema, target);
  if (record.type === "order") {
    // Read through the service, which hides the fields the actor's roles hide.
    const order = await createEntityService(boundContext(op), orderEntity).get(record.id);
    return { type: "order", id: order.id, channel: order.channel, partnerId: order.partnerId };
  }
  const opportunity = await createEntityService(boundContext(op), opportunityEntity).get(record.id);
  const row = await salesDb(op)
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
