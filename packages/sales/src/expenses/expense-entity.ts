import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { checkDocumentLinks } from "../documents/record-links.js";
import { PREPARED_INPUT } from "../internal/prepared-definition.js";
import { requireConvertible } from "./expense-currency.js";
import type { ExpenseCategory, ExpenseStatus } from "./expense-schema.js";
import { EXPENSE_CATEGORIES, EXPENSE_STATUSES } from "./expense-schema.js";

const expenseFields = {
  ownerId: field.nullableText(),
  opportunityId: field.nullableText(),
  accountId: field.text(),
  category: field.text<ExpenseCategory>({ values: EXPENSE_CATEGORIES }),
  amount: field.integer(),
  currency: field.text(),
  spentOn: field.text(),
  receiptRef: field.nullableText(),
  description: field.nullableText({ filterable: false, sortable: false }),
  status: field.text<ExpenseStatus>({ values: EXPENSE_STATUSES }),
  submittedAt: field.nullableTimestamp(),
  decidedAt: field.nullableTimestamp(),
  decidedBy: field.nullableText(),
  decisionNote: field.nullableText({ filterable: false, sortable: false }),
};

/** A sales expense: what a rep spent, on which deal or account, and its approval. */
export type Expense = EntityRecord<typeof expenseFields>;

/** Sales expenses, owned by the rep who spent them. */
export const expenseEntity = defineEntity({
  type: "expense",
  table: "sales_expenses",
  idPrefix: "exp",
  fields: expenseFields,
  ...PREPARED_INPUT,
  ownerField: "ownerId",
  validate: async (next, before, op) => {
    await checkDocumentLinks(op, next, before);
    if (before === null || before.currency !== next.currency || before.spentOn !== next.spentOn) {
      await requireConvertible(op, next.currency, next.spentOn);
    }
  },
});
