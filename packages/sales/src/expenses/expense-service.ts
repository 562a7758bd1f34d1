import {
  createEntityService,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { refused, wrongStatus } from "../documents/document-errors.js";
import { loadForChange, writeChanges } from "../documents/record-verbs.js";
import { boundContext } from "../internal/bound-context.js";
import { opportunityEntity } from "../opportunities/opportunity-entity.js";
import { type Expense, expenseEntity } from "./expense-entity.js";
import {
  type CreateExpenseInput,
  createExpenseSchema,
  type DecideExpenseOptions,
  decideExpenseSchema,
  type ExpenseTotalsOptions,
  type UpdateExpenseInput,
  updateExpenseSchema,
} from "./expense-schema.js";
import { type ExpenseTotals, expenseTotals } from "./expense-totals.js";

/**
 * Sales expenses: what reps spend on opportunities and accounts, with a receipt reference,
 * in any currency the tenant can convert. `draft` → `submit` → `approve` / `reject` (by a
 * manager, not the rep). Totals per rep and period are computed in SQL in the corporate currency.
 */
export interface ExpenseService {
  /**
   * Records a draft expense. An expense in a currency with no rate to the corporate
   * currency on or before `spentOn` is a `ValidationError` (reason `no_exchange_rate`).
   * Emits `expense.created`.
   */
  create(input: CreateExpenseInput): Promise<Expense>;
  get(id: string): Promise<Expense>;
  list(options?: ListOptions): Promise<Page<Expense>>;
  /** Changes a draft. Emits `expense.updated`. */
  update(id: string, patch: UpdateExpenseInput, options?: WriteOptions): Promise<Expense>;
  archive(id: string, options?: WriteOptions): Promise<Expense>;
  /** Submits a draft for approval. Emits `expense.submitted`. */
  submit(id: string, options?: WriteOptions): Promise<Expense>;
  /** Approves a submitted expense (not one's own). Needs `expense:approve`. Emits `expense.approved`. */
  approve(id: string, options?: DecideExpenseOptions): Promise<Expense>;
  /** Rejects a submitted expense. Needs `expense:approve`. Emits `expense.rejected`. */
  reject(id: string, options?: DecideExpenseOptions): Promise<Expense>;
  /**
   * Per rep over a period (both days included): approved, pending and rejected totals in
   * the corporate currency, each expense converted at the rate of its day, half up, then summed.
   *
   * @example
   * ```ts
   * const { reps } = await manager.sales.expenses.totals({ from: "2026-03-01", to: "2026-03-31" });
   * ```
   */
  totals(options: ExpenseTotalsOptions): Promise<ExpenseTotals>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), expenseEntity);

function eventData(expense: Expense) {
  return { id: expense.id, ownerId: expense.ownerId, amount: expense.amount, currency: expense.currency };
}

async function createIn(op: OperationContext, input: unknown): Promise<Expense> {
  const parsed = parseInput(createExpenseSchema, input);
  let accountId = parsed.accountId ?? null;
  if (parsed.opportunityId != null) {
    const opportunity = await createEntityService(boundContext(op), opportunityEntity).get(parsed.opportunityId);
    accountId ??= opportunity.accountId;
  }
  const values: Record<string, unknown> = { ...parsed, accountId, status: "draft" };
  for (const key of Object.keys(values)) if (values[key] === undefined) delete values[key];
  return records(op).create(values);
}

async function expenseFor(
  op: OperationContext,
  id: string,
  action: string,
  statuses: readonly string[],
  verb: string,
  expectedVersion?: number,
): Promise<Expense> {
  const expense = await loadForChange(op, expenseEntity, id, expectedVersion);
  await op.authorize(`expense:${action}`, { ownerId: expense.ownerId, createdBy: expense.createdBy, id: expense.id });
  if (!statuses.includes(expense.status)) throw wrongStatus("expense", expense.id, expense.status, verb);
  return expense;
}

async function decide(op: OperationContext, id: string, options: unknown, approve: boolean): Promise<Expense> {
  const parsed = parseInput(decideExpenseSchema, options);
  const before = await expenseFor(
    op,
    id,
    "approve",
    ["submitted"],
    approve ? "approved" : "rejected",
    parsed.expectedVersion,
  );
  if (!op.actor.system && before.ownerId === op.actor.userId) {
    throw refused(`Expense ${before.id} is ${op.actor.userId}'s own; another manager decides it`, "self_approval", {
      id: before.id,
    });
  }
  const after = await writeChanges(
    op,
    expenseEntity,
    before,
    {
      status: approve ? "approved" : "rejected",
      decidedAt: op.timestamp,
      decidedBy: op.actor.userId,
      decisionNote: parsed.note ?? null,
    },
    approve ? "approve" : "reject",
  );
  op.emit(approve ? "expense.approved" : "expense.rejected", eventData(after));
  return after;
}

/** Builds the expense service of one scoped client. */
export function createExpenseService(ctx: ModuleContext): ExpenseService {
  return {
    create: (input) => ctx.run((op) => createIn(op, input)),
    get: (id) => ctx.read((op) => records(op).get(id)),
    list: (options) => ctx.read((op) => records(op).list(options)),
    update: (id, patch, options = {}) =>
      ctx.run(async (op) => {
        const parsed = parseInput(updateExpenseSchema, patch);
        const { expectedVersion } = parseInput(writeOptionsSchema, options);
        const before = await expenseFor(op, id, "update", ["draft"], "changed", expectedVersion);
        return records(op).update(before.id, parsed, { expectedVersion: before.version });
      }),
    archive: (id, options = {}) => ctx.run((op) => records(op).archive(id, options)),
    submit: (id, options = {}) =>
      ctx.run(async (op) => {
        const { expectedVersion } = parseInput(writeOptionsSchema, options);
        const before = await expenseFor(op, id, "submit", ["draft"], "submitted", expectedVersion);
        const after = await writeChanges(
          op,
          expenseEntity,
          before,
          { status: "submitted", submittedAt: op.timestamp },
          "submit",
        );
        op.emit("expense.submitted", eventData(after));
        return after;
      }),
    approve: (id, options = {}) => ctx.run((op) => decide(op, id, options, true)),
    reject: (id, options = {}) => ctx.run((op) => decide(op, id, options, false)),
    totals: (options) => ctx.read((op) => expenseTotals(op, options)),
  };
}
