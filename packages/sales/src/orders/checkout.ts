import { IdempotencyKeyError, type ModuleContext, type OperationContext, parseInput } from "@rapport/core";
import * as z from "zod";
import { type CheckoutRow, salesDb } from "../database.js";
import type { SalesErrorReason } from "../errors.js";
import { claimIdempotencyKey, retryingKeyRace } from "../internal/idempotency.js";
import { payloadHash } from "../internal/payload-hash.js";
import { createOpportunityIn } from "../opportunities/opportunity-service.js";
import { win } from "../opportunities/opportunity-verbs.js";
import { createOrder } from "./order-create.js";
import { type CreateOrderInput, createOrderSchema } from "./order-schema.js";

/** Options of `orders.checkout`. */
export const checkoutOptionsSchema = z
  .object({
    /** The shop's key for this checkout (its cart or payment id): a retry with the same key replays. */
    idempotencyKey: z.string().trim().min(1).max(200),
    /** Also record the sale as an opportunity won today, for the pipeline's figures. @default false */
    wonOpportunity: z.boolean().optional(),
  })
  .strict();
export type CheckoutOptions = z.input<typeof checkoutOptionsSchema>;

/** What `orders.checkout` made (or, on a replay, made the first time). */
export interface CheckoutResult {
  readonly orderId: string;
  /** The won opportunity carrying the order's total, with `wonOpportunity`. */
  readonly opportunityId: string | null;
  /** `true` when the key was seen before with the same order: nothing new was written. */
  readonly replayed: boolean;
}

/**
 * `orders.checkout`: the order is checked before the database is touched, then made in one
 * transaction under the key; a concurrent checkout with the same key waits on the key's row
 * and replays the first result.
 */
export async function checkout(
  ctx: ModuleContext,
  input: CreateOrderInput,
  options: CheckoutOptions,
): Promise<CheckoutResult> {
  const order = parseInput(createOrderSchema, input);
  const { idempotencyKey, wonOpportunity = false } = parseInput(checkoutOptionsSchema, options);
  const hash = payloadHash({ order, wonOpportunity });
  return retryingKeyRace(ctx, (op) => checkoutIn(op, order as CreateOrderInput, hash, idempotencyKey, wonOpportunity));
}

async function checkoutIn(
  op: OperationContext,
  order: CreateOrderInput,
  hash: string,
  key: string,
  wonOpportunity: boolean,
): Promise<CheckoutResult> {
  await op.authorize("order:create");
  if (wonOpportunity) await op.authorize("opportunity:create");
  const db = salesDb(op);
  const earlier = await db
    .selectFrom("sales_checkouts")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();
  if (earlier) return replay(earlier, hash, key);
  await claimIdempotencyKey(op, "checkout", key, () =>
    db
      .insertInto("sales_checkouts")
      .values({
        tenant_id: op.tenantId,
        idempotency_key: key,
        payload_hash: hash,
        order_id: null,
        opportunity_id: null,
        received_at: op.timestamp,
        actor_id: op.actor.userId,
      })
      .execute(),
  );
  const created = await createOrder(op, { ...order, channel: order.channel ?? "online" });
  let opportunityId: string | null = null;
  if (wonOpportunity) {
    const opportunity = await createOpportunityIn(op, {
      accountId: created.accountId,
      name: `Web order ${key}`.slice(0, 200),
      amount: created.grandTotal,
      currency: created.currency,
      source: "web_shop",
      ...(created.ownerId ? { ownerId: created.ownerId } : {}),
    });
    opportunityId = (await win(op, opportunity.id, { closeDate: created.orderDate })).id;
  }
  await db
    .updateTable("sales_checkouts")
    .set({ order_id: created.id, opportunity_id: opportunityId })
    .where("tenant_id", "=", op.tenantId)
    .where("idempotency_key", "=", key)
    .execute();
  return { orderId: created.id, opportunityId, replayed: false };
}

function replay(row: CheckoutRow, hash: string, key: string): CheckoutResult {
  if (row.payload_hash !== hash) {
    throw new IdempotencyKeyError(`Idempotency key "${key}" was used for a different checkout`, {
      details: {
        reason: "idempotency_key_reused" satisfies SalesErrorReason,
        idempotencyKey: key,
        orderId: row.order_id,
      },
    });
  }
  return { orderId: row.order_id as string, opportunityId: row.opportunity_id, replayed: true };
}
