import {
  boundContext,
  createEntityService,
  idSchema,
  type ListOptions,
  type ModuleContext,
  type OperationContext,
  type Page,
  parseInput,
  type WriteOptions,
  writeOptionsSchema,
} from "@rapport/core";
import { assertDocumentState, invalidTransition } from "../errors.js";
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

/** The expense facts its approval events carry, at the version the verb wrote. */
function eventData(expense: Expense) {
  return {
    id: expense.id,
    version: expense.version,
    ownerId: expense.ownerId,
    amount: expense.amount,
    currency: expense.currency,
  };
}

const expenseIdSchema = idSchema(expenseEntity.idPrefix);

async function createIn(op: OperationContext, input: unknown): Promise<Expense> {
  const parsed = parseInput(createExpenseSchema, input);
  await op.authorize("expense:create");
  await op.records(expenseEntity).assertWritable(parsed, { create: true });
  let accountId = parsed.accountId ?? null;
  if (parsed.opportunityId != null) {
    const opportunity = await op.records(opportunityEntity).get(parsed.opportunityId);
    accountId ??= opportunity.accountId;
  }
  const values = await op.before("expense.create", { ...parsed, accountId, status: "draft" });
  const [expense] = await op.records(expenseEntity).insert([values]);
  return expense as Expense;
}

/** `expenses.approve` and `.reject`: a manager decides a submitted expense (not their own). */
async function decide(op: OperationContext, id: string, options: unknown, approve: boolean): Promise<Expense> {
  const parsed = parseInput(decideExpenseSchema, options);
  const expenses = op.records(expenseEntity);
  const before = await expenses.loadForChange(parseInput(expenseIdSchema, id), {
    expectedVersion: parsed.expectedVersion,
    authorize: "approve",
  });
  const verb = approve ? "approve" : "reject";
  assertDocumentState(expenses, before, verb, ["submitted"]);
  if (!op.actor.system && before.ownerId === op.actor.userId) {
    throw invalidTransition(
      `Expense ${before.id} is ${op.actor.userId}'s own; another manager decides it`,
      "self_approval",
      {
        id: before.id,
      },
    );
  }
  return expenses.change(
    before,
    {
      status: approve ? "approved" : "rejected",
      decidedAt: op.timestamp,
      decidedBy: op.actor.userId,
      decisionNote: parsed.note ?? null,
    },
    {
      action: verb,
      events: (after) => [{ type: approve ? "expense.approved" : "expense.rejected", data: eventData(after) }],
    },
  );
}

/** `expenses.update`: changes a draft through the generic update (hooks, field rules, custom fields). */
async function updateIn(op: OperationContext, id: string, patch: unknown, options: unknown): Promise<Expense> {
  const parsed = parseInput(updateExpenseSchema, patch);
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const expenses = op.records(expenseEntity);
  const before = await expenses.loadForChange(parseInput(expenseIdSchema, id), {
    expectedVersion,
    authorize: "update",
  });
  assertDocumentState(expenses, before, "change", ["draft"]);
  return records(op).update(before.id, parsed, { expectedVersion: before.version });
}

/** `expenses.submit`: a draft goes to a manager for approval. */
async function submitIn(op: OperationContext, id: string, options: unknown): Promise<Expense> {
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const expenses = op.records(expenseEntity);
  const before = await expenses.loadForChange(parseInput(expenseIdSchema, id), {
    expectedVersion,
    authorize: "submit",
  });
  assertDocumentState(expenses, before, "submit", ["draft"]);
  return expenses.change(
    before,
    { status: "submitted", submittedAt: op.timestamp },
    { action: "submit", events: (after) => [{ type: "expense.submitted", data: eventData(after) }] },
  );
}

/** Builds the expense service of one scoped client. */
export function createExpenseService(ctx: ModuleContext): ExpenseService {
  // A verb returns the expense without the fields the actor's roles hide.
  const run = (fn: (op: OperationContext) => Promise<Expense>) =>
    ctx.run(async (op) => op.records(expenseEntity).shown(await fn(op)));
  return {
    create: (input) => run((op) => createIn(op, input)),
    get: (id) => ctx.read((op) => records(op).get(id)),
    list: (options) => ctx.read((op) => records(op).list(options)),
    update: (id, patch, options = {}) => run((op) => updateIn(op, id, patch, options)),
    archive: (id, options = {}) => ctx.run((op) => records(op).archive(id, options)),
    submit: (id, options = {}) => run((op) => submitIn(op, id, options)),
    approve: (id, options = {}) => run((op) => decide(op, id, options, true)),
    reject: (id, options = {}) => run((op) => decide(op, id, options, false)),
    totals: (options) => ctx.read((op) => expenseTotals(op, options)),
  };
}
