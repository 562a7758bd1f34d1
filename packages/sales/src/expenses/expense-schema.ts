import {
  currencySchema,
  idSchema,
  moneyAmountSchema,
  textSchema,
  userIdSchema,
  withRecordExtensions,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";
import { dateSchema } from "../opportunities/opportunity-schema.js";

/** What an expense was for. */
export const EXPENSE_CATEGORIES = ["travel", "lodging", "meals", "entertainment", "gifts", "mileage", "other"] as const;
/** One of {@link EXPENSE_CATEGORIES}. */
export type ExpenseCategory = (typeof EXPENSE_CATEGORIES)[number];

/** Where an expense is in its approval: `draft` → `submitted` → `approved` / `rejected`. */
export const EXPENSE_STATUSES = ["draft", "submitted", "approved", "rejected"] as const;
/** One of {@link EXPENSE_STATUSES}. */
export type ExpenseStatus = (typeof EXPENSE_STATUSES)[number];

const expenseFields = {
  category: z.enum(EXPENSE_CATEGORIES),
  /** Minor units of `currency`, above zero. */
  amount: moneyAmountSchema.min(1, "An expense is above zero"),
  /** The tenant's corporate currency, or one with a rate on or before `spentOn`. */
  currency: currencySchema,
  spentOn: dateSchema,
  /** The receipt's reference in the host's document store. */
  receiptRef: textSchema().trim().min(1).max(500).nullable(),
  description: textSchema().trim().min(1).max(2_000).nullable(),
  opportunityId: idSchema("opp").nullable(),
  accountId: idSchema("acc").nullable(),
};

/**
 * Input of `expenses.create`: a rep's expense on an opportunity or an account (the
 * opportunity's account when only the opportunity is given).
 *
 * @example
 * ```ts
 * await rep.sales.expenses.create({ opportunityId: opp.id, category: "travel", amount: 42_000, currency: "EUR", spentOn: "2026-03-04", receiptRef: "dms://r/991" });
 * ```
 */
export const createExpenseSchema = withRecordExtensions(
  z
    .object({
      category: expenseFields.category,
      amount: expenseFields.amount,
      currency: expenseFields.currency,
      spentOn: expenseFields.spentOn,
      receiptRef: expenseFields.receiptRef.optional(),
      description: expenseFields.description.optional(),
      opportunityId: expenseFields.opportunityId.optional(),
      accountId: expenseFields.accountId.optional(),
      /** The rep who spent it. @default the actor */
      ownerId: userIdSchema.optional(),
    })
    .strict()
    .superRefine((value, ctx) => {
      if (value.opportunityId == null && value.accountId == null) {
        ctx.addIssue({
          code: "custom",
          path: ["opportunityId"],
          message: "An expense is for an opportunity or an account",
        });
      }
    }),
);
/** What `expenses.create` accepts. */
export type CreateExpenseInput = z.input<typeof createExpenseSchema>;

/** Input of `expenses.update`: changes to a draft. */
export const updateExpenseSchema = withRecordExtensions(
  z
    .object({
      category: expenseFields.category,
      amount: expenseFields.amount,
      currency: expenseFields.currency,
      spentOn: expenseFields.spentOn,
      receiptRef: expenseFields.receiptRef,
      description: expenseFields.description,
    })
    .partial()
    .strict(),
);
/** What `expenses.update` accepts. */
export type UpdateExpenseInput = z.input<typeof updateExpenseSchema>;

/** Options of `expenses.approve` and `expenses.reject`. */
export const decideExpenseSchema = z
  .object({
    note: textSchema().trim().min(1).max(2_000).optional(),
    expectedVersion: writeOptionsSchema.shape.expectedVersion,
  })
  .strict();
/** What `expenses.approve` and `expenses.reject` accept. */
export type DecideExpenseOptions = z.input<typeof decideExpenseSchema>;

/** Options of `expenses.totals`: a period (both days included), optionally one rep. */
export const expenseTotalsSchema = z
  .object({ from: dateSchema, to: dateSchema, ownerId: userIdSchema.optional() })
  .strict()
  .refine((value) => value.from <= value.to, { path: ["to"], message: "The period ends before it starts" });
/** What `expenses.totals` accepts. */
export type ExpenseTotalsOptions = z.input<typeof expenseTotalsSchema>;
