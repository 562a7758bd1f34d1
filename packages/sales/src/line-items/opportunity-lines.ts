import {
  boundContext,
  createEntityService,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  ValidationError,
} from "@rapport/core";
import * as z from "zod";
import { type OpportunityLineRow, salesDb } from "../database.js";
import { fromStoredPercent } from "../documents/percent.js";
import { invalidTransition } from "../errors.js";
import { type Opportunity, opportunityEntity } from "../opportunities/opportunity-entity.js";
import { opportunityForChange } from "../opportunities/opportunity-for-change.js";
import { lineInputSchema, updateLineSchema } from "./line-input-schema.js";
import { type PricedLineView, pricedLineColumns, pricedLineView } from "./line-rows.js";
import { lineAmounts } from "./line-totals.js";
import { fromStoredQuantity, priceLine } from "./priced-line.js";

/** A priced line on an opportunity. */
export interface OpportunityLine extends PricedLineView {
  readonly opportunityId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly updatedBy: string;
}

/** An opportunity's lines at a glance. */
export interface LineSummary {
  readonly opportunityId: string;
  readonly currency: string | null;
  /** Whether the opportunity's amount is the sum of its lines' net amounts, kept so on every line change. */
  readonly amountFromLines: boolean;
  readonly lineCount: number;
  /** The sum of the lines' net amounts, in minor units. */
  readonly lineTotal: number;
  /** The opportunity's amount. */
  readonly amount: number | null;
}

const lineId = idSchema("oli");
const lineFlagSchema = z.boolean();

function toLine(row: OpportunityLineRow): OpportunityLine {
  return {
    ...pricedLineView(row),
    opportunityId: row.opportunity_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

/** Loads an opportunity whose lines change: locked, editable by the actor, open and with a currency. */
async function openOpportunity(op: OperationContext, id: string): Promise<Opportunity & { currency: string }> {
  const opportunity = await opportunityForChange(op, id);
  if (opportunity.status !== "open") {
    throw invalidTransition(
      `Opportunity ${opportunity.id} is ${opportunity.status}; its lines are final`,
      "opportunity_closed",
      {
        id: opportunity.id,
      },
    );
  }
  const { currency } = opportunity;
  if (currency === null) {
    throw ValidationError.forField(["opportunityId"], `Opportunity ${opportunity.id} has no currency; set one first`);
  }
  return { ...opportunity, currency };
}

async function flagOf(op: OperationContext, opportunityId: string): Promise<boolean> {
  const row = await salesDb(op)
    .selectFrom("sales_opportunities")
    .select("amount_from_lines")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", opportunityId)
    .executeTakeFirst();
  return Number(row?.amount_from_lines ?? 0) === 1;
}

/** Count and net total of an opportunity's lines, summed in SQL. */
async function lineTotals(op: OperationContext, opportunityId: string): Promise<{ count: number; total: number }> {
  const row = await salesDb(op)
    .selectFrom("sales_opportunity_lines")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("count"),
      eb.fn.sum<number | string | null>("net_amount").as("total"),
    ])
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), total: Number(row.total ?? 0) };
}

/** A line is part of its opportunity: its audit entry names the line under this field. */
const lineField = (id: string) => `line.${id}`;

/**
 * Records a line written to the table as one change of its opportunity: the line under
 * `line.<id>`, and the amount when the opportunity follows its lines (totalled after the
 * write) — versioned, audited as `action`, announced as `opportunity.updated` and `event`.
 */
async function changeWithLine(
  op: OperationContext,
  opportunity: Opportunity,
  action: string,
  event: string,
  id: string,
  before: OpportunityLine | null,
  after: OpportunityLine | null,
): Promise<void> {
  const amount = (await flagOf(op, opportunity.id)) ? (await lineTotals(op, opportunity.id)).total : opportunity.amount;
  await op.records(opportunityEntity).change(
    opportunity,
    { amount },
    {
      action,
      extra: [{ field: lineField(id), before, after }],
      events: () => [{ type: event, data: { id, opportunityId: opportunity.id } }],
    },
  );
}

/** Whether two versions of a line price and describe it alike (who touched it last aside). */
function samePricing(before: OpportunityLineRow, after: OpportunityLineRow): boolean {
  const view = (row: OpportunityLineRow) => JSON.stringify({ ...toLine(row), updatedAt: null, updatedBy: null });
  return view(before) === view(after);
}

async function loadLine(op: OperationContext, id: string): Promise<OpportunityLineRow> {
  const row = await salesDb(op)
    .selectFrom("sales_opportunity_lines")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("opportunity_line", id);
  return row;
}

/** `lineItems.add`: prices the line and appends it; the amount follows when the opportunity is flagged. */
export async function addLine(op: OperationContext, opportunityId: string, input: unknown): Promise<OpportunityLine> {
  const parsed = parseInput(lineInputSchema, input);
  const opportunity = await openOpportunity(op, opportunityId);
  const priced = await priceLine(op, parsed, { currency: opportunity.currency, priceBookId: null });
  const amounts = lineAmounts(priced);
  const last = await salesDb(op)
    .selectFrom("sales_opportunity_lines")
    .select((eb) => eb.fn.max("position").as("position"))
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .executeTakeFirst();
  const row: OpportunityLineRow = {
    ...pricedLineColumns(op.tenantId, op.newId("oli"), Number(last?.position ?? 0) + 1, priced, amounts),
    opportunity_id: opportunity.id,
    created_at: op.timestamp,
    updated_at: op.timestamp,
    created_by: op.actor.userId,
    updated_by: op.actor.userId,
  };
  await salesDb(op).insertInto("sales_opportunity_lines").values(row).execute();
  const line = toLine(row);
  await changeWithLine(op, opportunity, "add_line", "opportunity_line.created", line.id, null, line);
  return line;
}

/** `lineItems.update`: re-prices the line with the changes (a book-priced line follows the book's tiers). */
export async function updateLine(op: OperationContext, id: string, patch: unknown): Promise<OpportunityLine> {
  const parsedId = parseInput(lineId, id);
  const parsed = parseInput(updateLineSchema, patch);
  const before = await loadLine(op, parsedId);
  const opportunity = await openOpportunity(op, before.opportunity_id);
  const keepManual = before.price_source === "manual" && parsed.unitPrice === undefined;
  const unitPrice =
    parsed.unitPrice === null ? undefined : (parsed.unitPrice ?? (keepManual ? Number(before.unit_price) : undefined));
  const priced = await priceLine(
    op,
    {
      productId: before.product_id,
      quantity: parsed.quantity ?? fromStoredQuantity(before.quantity),
      priceBookId: before.price_book_id ?? undefined,
      unitPrice,
      discountPercent: parsed.discountPercent ?? fromStoredPercent(before.discount),
      description: parsed.description === undefined ? before.description : parsed.description,
    },
    { currency: opportunity.currency, priceBookId: null },
  );
  const amounts = lineAmounts(priced);
  const {
    tenant_id: _t,
    id: _i,
    position: _p,
    ...columns
  } = pricedLineColumns(op.tenantId, before.id, before.position, priced, amounts);
  const after: OpportunityLineRow = { ...before, ...columns, updated_at: op.timestamp, updated_by: op.actor.userId };
  // A re-pricing that changes nothing writes nothing, as a record change would.
  if (samePricing(before, after)) return toLine(before);
  await salesDb(op)
    .updateTable("sales_opportunity_lines")
    .set({ ...columns, updated_at: op.timestamp, updated_by: op.actor.userId })
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", before.id)
    .execute();
  const line = toLine(after);
  await changeWithLine(op, opportunity, "update_line", "opportunity_line.updated", line.id, toLine(before), line);
  return line;
}

/** `lineItems.remove`: deletes the line; the amount follows when the opportunity is flagged. */
export async function removeLine(op: OperationContext, id: string): Promise<void> {
  const parsedId = parseInput(lineId, id);
  const before = await loadLine(op, parsedId);
  const opportunity = await openOpportunity(op, before.opportunity_id);
  await salesDb(op)
    .deleteFrom("sales_opportunity_lines")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", before.id)
    .execute();
  await changeWithLine(op, opportunity, "remove_line", "opportunity_line.removed", before.id, toLine(before), null);
}

/** The opportunity's lines in position order, for anyone who may read it. */
export async function linesOf(op: OperationContext, opportunityId: string): Promise<OpportunityLine[]> {
  const opportunity = await createEntityService(boundContext(op), opportunityEntity).get(opportunityId);
  const rows = await salesDb(op)
    .selectFrom("sales_opportunity_lines")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .orderBy("position")
    .execute();
  return rows.map(toLine);
}

/** The opportunity's line summary, for anyone who may read it. */
export async function summaryOf(op: OperationContext, opportunityId: string): Promise<LineSummary> {
  const opportunity = await createEntityService(boundContext(op), opportunityEntity).get(opportunityId);
  const { count, total } = await lineTotals(op, opportunity.id);
  return {
    opportunityId: opportunity.id,
    currency: opportunity.currency,
    amountFromLines: await flagOf(op, opportunity.id),
    lineCount: count,
    lineTotal: total,
    amount: opportunity.amount,
  };
}

/**
 * `lineItems.followLines`: makes the opportunity's amount the sum of its lines (set now and
 * on every line change, in the same transaction), or lets it be set by hand again.
 */
export async function followLines(op: OperationContext, opportunityId: string, follow: boolean): Promise<LineSummary> {
  const flag = parseInput(lineFlagSchema, follow);
  const opportunity = await openOpportunity(op, opportunityId);
  const was = await flagOf(op, opportunity.id);
  const { count, total } = await lineTotals(op, opportunity.id);
  const after = await op.records(opportunityEntity).change(opportunity, flag ? { amount: total } : {}, {
    action: "follow_lines",
    extra: [{ field: "amountFromLines", column: "amount_from_lines", before: was ? 1 : 0, after: flag ? 1 : 0 }],
  });
  return {
    opportunityId: after.id,
    currency: after.currency,
    amountFromLines: flag,
    lineCount: count,
    lineTotal: total,
    amount: after.amount,
  };
}
