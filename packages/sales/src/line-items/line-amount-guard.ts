import { type BeforeHook, type OperationContext, ValidationError } from "@rapport/core";
import { salesDb } from "../database.js";

/** The payload of the kernel's `opportunity.update` hook, as far as the guard reads it. */
interface OpportunityUpdatePayload {
  readonly id: string;
  readonly patch: Readonly<Record<string, unknown>>;
  readonly before: { readonly currency: string | null };
}

async function linesState(op: OperationContext, id: string): Promise<{ follows: boolean; hasLines: boolean }> {
  const row = await salesDb(op)
    .selectFrom("sales_opportunities as o")
    .select((eb) => [
      "o.amount_from_lines",
      eb
        .exists(
          eb
            .selectFrom("sales_opportunity_lines as l")
            .select("l.id")
            .whereRef("l.tenant_id", "=", "o.tenant_id")
            .whereRef("l.opportunity_id", "=", "o.id"),
        )
        .as("has_lines"),
    ])
    .where("o.tenant_id", "=", op.tenantId)
    .where("o.id", "=", id)
    .executeTakeFirst();
  return { follows: Number(row?.amount_from_lines ?? 0) === 1, hasLines: Boolean(Number(row?.has_lines ?? 0)) };
}

/**
 * `opportunity.update` hook: an opportunity whose amount follows its lines takes no amount
 * by hand, and one with lines keeps its currency (the lines are priced in it).
 */
export const guardLineAmounts: BeforeHook<OpportunityUpdatePayload> = async (payload, op) => {
  const changesAmount = payload.patch.amount !== undefined;
  const changesCurrency = payload.patch.currency !== undefined && payload.patch.currency !== payload.before.currency;
  if (!changesAmount && !changesCurrency) return;
  const state = await linesState(op, payload.id);
  if (changesAmount && state.follows) {
    throw ValidationError.forField(["amount"], "The amount follows the opportunity's lines; change the lines instead");
  }
  if (changesCurrency && state.hasLines) {
    throw ValidationError.forField(["currency"], "The opportunity has lines priced in its currency; remove them first");
  }
};
