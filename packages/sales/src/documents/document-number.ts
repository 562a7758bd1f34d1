import type { OperationContext } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { sql } from "kysely";
import { salesDb } from "../database.js";

/** The numbered document series of a tenant. */
export const NUMBER_SERIES = ["quote", "order", "contract"] as const;
/** One of {@link NUMBER_SERIES}. */
export type NumberSeries = (typeof NUMBER_SERIES)[number];

/**
 * The next number of `series` in the operation's tenant: 1, 2, 3… without gaps or
 * collisions. The per-tenant counter row is incremented inside the caller's transaction, so
 * a concurrent creator waits for it (PostgreSQL row lock; SQLite has one writer) and a
 * rolled-back creation gives its number back.
 */
export async function nextNumber(op: OperationContext, series: NumberSeries): Promise<number> {
  // Every document creation runs it: reuse the compiled upsert.
  const { rows } = await runCompiled<{ value: number | string }>(
    op,
    "sales:next-number",
    [op.tenantId, series, 1],
    () =>
      salesDb(op)
        .insertInto("sales_counters")
        .values({ tenant_id: op.tenantId, series, value: 1 })
        .onConflict((oc) => oc.columns(["tenant_id", "series"]).doUpdateSet({ value: sql`sales_counters.value + 1` }))
        .returning("value"),
  );
  const [row] = rows;
  if (row === undefined) throw new Error(`No ${series} number was returned`);
  return Number(row.value);
}
