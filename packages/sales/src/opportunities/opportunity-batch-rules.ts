import { existingRecords, type OperationContext, ValidationError } from "@rapport/core";
import type { CoreTables } from "@rapport/core/schema";
import { requiredFieldsMissing } from "../errors.js";
import { loadStages } from "../pipelines/stage-store.js";
import type { Opportunity } from "./opportunity-entity.js";

/**
 * The opportunity rules of `validate`, for a batch of new opportunities (`createMany`):
 * accounts, primary contacts and stages are read once for the batch. A new opportunity has
 * no competitors yet, so a stage requiring them always refuses it.
 */
export async function validateNewOpportunities(records: readonly Opportunity[], op: OperationContext): Promise<void> {
  const accounts = await existingRecords(
    op,
    "accounts",
    records.map((r) => r.accountId),
  );
  const contactAccounts = await accountsOfContacts(
    op,
    records.flatMap((r) => (r.primaryContactId === null ? [] : [r.primaryContactId])),
  );
  const stages = await loadStages(op, [...new Set(records.map((r) => r.pipelineId))]);
  for (const [index, record] of records.entries()) {
    if (!accounts.has(record.accountId)) {
      throw ValidationError.forField([index, "accountId"], `Account ${record.accountId} does not exist`, {
        accountId: record.accountId,
      });
    }
    if (record.primaryContactId !== null) {
      const accountId = contactAccounts.get(record.primaryContactId);
      if (accountId === undefined) {
        throw ValidationError.forField(
          [index, "primaryContactId"],
          `Contact ${record.primaryContactId} does not exist`,
        );
      }
      if (accountId !== record.accountId) {
        throw ValidationError.forField(
          [index, "primaryContactId"],
          `Contact ${record.primaryContactId} is not a contact of account ${record.accountId}`,
        );
      }
    }
    const stage = stages.get(record.pipelineId)?.find((s) => s.key === record.stageKey);
    const values = record as unknown as Readonly<Record<string, unknown>>;
    const missing = (stage?.requiredFields ?? []).filter((f) => f === "competitors" || values[f] == null);
    if (missing.length > 0) {
      const error = requiredFieldsMissing(record.stageKey, missing);
      throw new ValidationError(
        error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] })),
        undefined,
        { details: error.details },
      );
    }
  }
}

/** contact id → its account id (or `null`), for the contacts that exist in the tenant. */
async function accountsOfContacts(
  op: OperationContext<Pick<CoreTables, "contacts">>,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  const wanted = [...new Set(ids)];
  const db = op.db;
  for (let start = 0; start < wanted.length; start += 500) {
    const rows = await db
      .selectFrom("contacts")
      .select(["id", "account_id"])
      .where("tenant_id", "=", op.tenantId)
      .where("id", "in", wanted.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.id, row.account_id);
  }
  return found;
}
