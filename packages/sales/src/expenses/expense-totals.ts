import { type OperationContext, parseInput } from "@rapport/core";
import { sql } from "kysely";
import { convertedAmountSql } from "../currencies/converted-amount-sql.js";
import { salesDb } from "../database.js";
import { corporateCurrencyOf } from "../settings/settings-service.js";
import { expenseTotalsSchema } from "./expense-schema.js";

/** One rep's expenses over a period, in the corporate currency; the sums are absent when the reader's roles hide `expense.amount`. */
export interface RepExpenseTotals {
  readonly ownerId: string;
  /** Expenses submitted or decided (drafts are left out). */
  readonly expenses: number;
  /** Approved expenses, each converted at the rate of the day it was spent (half up), summed. */
  readonly approved: number;
  /** Submitted expenses awaiting a decision, converted the same way. */
  readonly pending: number;
  /** Rejected expenses, converted the same way. */
  readonly rejected: number;
}

/** Expense totals per rep over a period. */
export interface ExpenseTotals {
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  /** One entry per rep with expenses, by rep id. */
  readonly reps: readonly RepExpenseTotals[];
}

/** `expenses.totals`: per rep and period, grouped and converted in SQL. */
export async function expenseTotals(op: OperationContext, options: unknown): Promise<ExpenseTotals> {
  const parsed = parseInput(expenseTotalsSchema, options);
  const scope = await op.ownerScope("expense:read");
  const currency = await corporateCurrencyOf(op);
  const converted = convertedAmountSql(op, currency, {
    amount: "e.amount",
    currency: "e.currency",
    date: "e.spent_on",
  });
  const sumWhen = (status: string) =>
    sql<number | string>`coalesce(sum(case when e.status = ${status} then ${converted} else 0 end), 0)`;
  const rows = await salesDb(op)
    .selectFrom("sales_expenses as e")
    .select((eb) => [
      "e.owner_id",
      eb.fn.countAll<number | string>().as("expenses"),
      sumWhen("approved").as("approved"),
      sumWhen("submitted").as("pending"),
      sumWhen("rejected").as("rejected"),
    ])
    .where("e.tenant_id", "=", op.tenantId)
    .where("e.archived_at", "is", null)
    .where("e.status", "!=", "draft")
    .where("e.spent_on", ">=", parsed.from)
    .where("e.spent_on", "<=", parsed.to)
    .where("e.owner_id", "is not", null)
    .$if(parsed.ownerId !== undefined, (q) => q.where("e.owner_id", "=", parsed.ownerId as string))
    // Under own or team scope a rep sees only their own (and their mates') expenses.
    .$if(scope.kind === "owners", (q) =>
      q.where("e.owner_id", "in", scope.kind === "owners" ? [...scope.ownerIds] : []),
    )
    .groupBy("e.owner_id")
    .orderBy("e.owner_id")
    .execute();
  // Sums of a hidden expense.amount are left out; the counts stay.
  const amountHidden = (await op.policy()).fieldAccess(op.actor, "expense", "amount") === "hidden";
  return {
    currency,
    from: parsed.from,
    to: parsed.to,
    reps: rows.map((row) => ({
      ownerId: row.owner_id as string,
      expenses: Number(row.expenses),
      ...(amountHidden
        ? {}
        : { approved: Number(row.approved), pending: Number(row.pending), rejected: Number(row.rejected) }),
    })) as RepExpenseTotals[],
  };
}
