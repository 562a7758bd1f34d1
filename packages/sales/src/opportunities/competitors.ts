import {
  type CoreClient,
  DuplicateError,
  type ExtraValue,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  textSchema,
  ValidationError,
} from "@rapport/core";
import * as z from "zod";
import { type OpportunityCompetitorRow, salesDb } from "../database.js";
import { defined } from "../internal/defined.js";
import { type Opportunity, opportunityEntity } from "./opportunity-entity.js";
import { opportunityForChange } from "./opportunity-for-change.js";

const notesField = textSchema().trim().min(1).max(5_000).nullable();

/** Input of `opportunities.addCompetitor`: a competitor account and what we know of it in this deal. */
export const addCompetitorSchema = z
  .object({
    /** An account of type `competitor`. */
    accountId: idSchema("acc"),
    strengths: notesField.optional(),
    weaknesses: notesField.optional(),
    notes: notesField.optional(),
  })
  .strict();
export type AddCompetitorInput = z.input<typeof addCompetitorSchema>;

/** Input of `opportunities.updateCompetitor`. */
export const updateCompetitorSchema = z
  .object({ strengths: notesField, weaknesses: notesField, notes: notesField })
  .partial()
  .strict();
export type UpdateCompetitorInput = z.input<typeof updateCompetitorSchema>;

/** A competitor on an opportunity, with the team's notes on it. */
export interface OpportunityCompetitor {
  readonly opportunityId: string;
  readonly accountId: string;
  readonly strengths: string | null;
  readonly weaknesses: string | null;
  readonly notes: string | null;
  readonly addedAt: string;
  readonly addedBy: string;
  readonly updatedAt: string;
}

function toCompetitor(row: OpportunityCompetitorRow): OpportunityCompetitor {
  return {
    opportunityId: row.opportunity_id,
    accountId: row.account_id,
    strengths: row.strengths,
    weaknesses: row.weaknesses,
    notes: row.notes,
    addedAt: row.added_at,
    addedBy: row.added_by,
    updatedAt: row.updated_at,
  };
}

/** Refuses (as a `ValidationError` at `path`) an id that is not an account of type `competitor`. */
export async function assertCompetitorAccount(
  op: OperationContext,
  accountId: string,
  path: readonly PropertyKey[],
): Promise<void> {
  let type: string;
  try {
    type = (await (op.client() as CoreClient).accounts.get(accountId)).type;
  } catch (error) {
    if (error instanceof NotFoundError)
      throw ValidationError.forField(path, `Account ${accountId} does not exist`, { accountId });
    throw error;
  }
  if (type !== "competitor") {
    throw ValidationError.forField(path, `Account ${accountId} is a ${type}, not a competitor`, {
      reason: "not_a_competitor",
      accountId,
      type,
    });
  }
}

async function findRow(op: OperationContext, opportunityId: string, accountId: string) {
  return salesDb(op)
    .selectFrom("sales_opportunity_competitors")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
}

/** A competitor row is part of its opportunity: its audit entry names it under this field. */
const competitorField = (accountId: string) => `competitor.${accountId}`;

async function insertRow(
  op: OperationContext,
  opportunityId: string,
  input: z.output<typeof addCompetitorSchema>,
): Promise<OpportunityCompetitorRow> {
  const row: OpportunityCompetitorRow = {
    tenant_id: op.tenantId,
    opportunity_id: opportunityId,
    account_id: input.accountId,
    strengths: input.strengths ?? null,
    weaknesses: input.weaknesses ?? null,
    notes: input.notes ?? null,
    added_at: op.timestamp,
    added_by: op.actor.userId,
    updated_at: op.timestamp,
  };
  await salesDb(op).insertInto("sales_opportunity_competitors").values(row).execute();
  return row;
}

/** Versions, audits and announces a change of the opportunity's competitor rows as a change of the opportunity. */
function changeOpportunity(op: OperationContext, opportunity: Opportunity, action: string, extra: ExtraValue) {
  return op.records(opportunityEntity).change(opportunity, {}, { action, extra: [extra] });
}

/**
 * Records `accountId` among the opportunity's competitors unless it is there already, and
 * returns what the opportunity's change must carry for it (nothing when it was there).
 */
export async function ensureCompetitor(
  op: OperationContext,
  opportunityId: string,
  accountId: string,
): Promise<ExtraValue[]> {
  if (await findRow(op, opportunityId, accountId)) return [];
  const row = await insertRow(op, opportunityId, { accountId });
  return [{ field: competitorField(accountId), before: null, after: toCompetitor(row) }];
}

/** `opportunities.addCompetitor`. Needs `opportunity:update` on the opportunity. */
export async function addCompetitor(
  op: OperationContext,
  opportunityId: string,
  input: unknown,
): Promise<OpportunityCompetitor> {
  const parsed = parseInput(addCompetitorSchema, input);
  const opportunity = await opportunityForChange(op, opportunityId);
  await assertCompetitorAccount(op, parsed.accountId, ["accountId"]);
  if (await findRow(op, opportunity.id, parsed.accountId)) {
    throw new DuplicateError(`Account ${parsed.accountId} is already a competitor on ${opportunity.id}`, {
      details: { accountId: parsed.accountId },
    });
  }
  const competitor = toCompetitor(await insertRow(op, opportunity.id, parsed));
  await changeOpportunity(op, opportunity, "add_competitor", {
    field: competitorField(parsed.accountId),
    before: null,
    after: competitor,
  });
  return competitor;
}

/** `opportunities.updateCompetitor`. A patch that changes nothing writes nothing. */
export async function updateCompetitor(
  op: OperationContext,
  opportunityId: string,
  accountId: string,
  patch: unknown,
): Promise<OpportunityCompetitor> {
  const account = parseInput(idSchema("acc"), accountId);
  const changes = parseInput(updateCompetitorSchema, patch);
  const opportunity = await opportunityForChange(op, opportunityId);
  const before = await findRow(op, opportunity.id, account);
  if (!before)
    throw new NotFoundError("opportunity_competitor", account, { details: { opportunityId: opportunity.id } });
  const next = { ...before, ...defined(changes) };
  if (next.strengths === before.strengths && next.weaknesses === before.weaknesses && next.notes === before.notes)
    return toCompetitor(before);
  const after: OpportunityCompetitorRow = { ...next, updated_at: op.timestamp };
  await salesDb(op)
    .updateTable("sales_opportunity_competitors")
    .set({ strengths: after.strengths, weaknesses: after.weaknesses, notes: after.notes, updated_at: after.updated_at })
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .where("account_id", "=", account)
    .execute();
  await changeOpportunity(op, opportunity, "update_competitor", {
    field: competitorField(account),
    before: toCompetitor(before),
    after: toCompetitor(after),
  });
  return toCompetitor(after);
}

/** `opportunities.removeCompetitor`. */
export async function removeCompetitor(op: OperationContext, opportunityId: string, accountId: string): Promise<void> {
  const account = parseInput(idSchema("acc"), accountId);
  const opportunity = await opportunityForChange(op, opportunityId);
  const before = await findRow(op, opportunity.id, account);
  if (!before)
    throw new NotFoundError("opportunity_competitor", account, { details: { opportunityId: opportunity.id } });
  await salesDb(op)
    .deleteFrom("sales_opportunity_competitors")
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunity.id)
    .where("account_id", "=", account)
    .execute();
  await changeOpportunity(op, opportunity, "remove_competitor", {
    field: competitorField(account),
    before: toCompetitor(before),
    after: null,
  });
}

/** The opportunity's competitors, oldest first. */
export async function competitorsOf(op: OperationContext, opportunityId: string): Promise<OpportunityCompetitor[]> {
  const rows = await salesDb(op)
    .selectFrom("sales_opportunity_competitors")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("opportunity_id", "=", opportunityId)
    .orderBy("added_at")
    .orderBy("account_id")
    .execute();
  return rows.map(toCompetitor);
}
