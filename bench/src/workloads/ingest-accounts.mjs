import {
  createdChanges,
  insertRows,
  LOG_ROWS_PER_INSERT,
  RECORD_COLUMNS,
  RECORD_ROWS_PER_INSERT,
  writeAudit,
  writeFeed,
} from "../raw/raw-writes.mjs";
import { batches, IMPORTER, INGEST_TRANSACTION_ROWS } from "../workload.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../dataset.mjs").AccountRow} AccountRow */

/** The `accounts` table's columns, as Rapport's migration creates them. */
export const ACCOUNT_COLUMNS = Object.freeze([
  ...RECORD_COLUMNS,
  "custom",
  "external_ids",
  "tags",
  "name",
  "type",
  "industry",
  "website",
  "description",
  "owner_id",
  "annual_revenue",
  "currency",
  "parent_id",
  "employee_count",
  "billing_address",
  "shipping_address",
]);

/**
 * The input `accounts.createMany` gets for a generated account.
 *
 * @param {AccountRow} a
 */
function accountInput(a) {
  // Optional keys by assignment: a conditional spread builds the object on V8's slow path.
  /** @type {import("@rapport/core").CreateAccountInput} */
  const input = {
    name: a.name,
    type: a.type,
    industry: a.industry,
    website: a.website,
    description: a.description,
    ownerId: a.ownerId,
    annualRevenue: a.annualRevenue,
    currency: a.currency,
    employeeCount: a.employeeCount,
    billingAddress: a.billingAddress,
  };
  if (a.tags.length > 0) input.tags = a.tags;
  if (a.erpId !== null) input.externalIds = { erp: a.erpId };
  return input;
}

/**
 * Ingest: every account of the data set, 1,000 per transaction. Rapport: one
 * `accounts.createMany` call per 1,000 (validation, owner defaults, external-id
 * claims, tags, audit rows, change-feed rows). Raw: in each transaction, multi-row
 * INSERTs of the accounts, their external-id keys and tags, one audit row and one feed
 * row per account.
 *
 * @param {number} count accounts per run
 * @returns {WriteWorkload}
 */
export function ingestAccounts(count) {
  return {
    name: `ingest ${count.toLocaleString("en-US")} accounts`,
    group: "ingest",
    tables: ["accounts"],
    rows: count,
    targetRatio: 1.5,
    rapport: async (ctx, side) => {
      const importer = ctx.crm.as({ tenantId: side.tenantId, userId: IMPORTER, roles: ["admin"] });
      for (const batch of batches(ctx.dataset.accounts(), INGEST_TRANSACTION_ROWS)) {
        const created = await importer.accounts.createMany(batch.map(accountInput));
        for (const account of created) side.accountIds.push(account.id);
        ctx.memory.sample();
      }
      side.accountVersions = new Int32Array(side.accountIds.length).fill(1);
    },
    raw: async (ctx, side) => {
      const { raw, ids } = ctx;
      for (const batch of batches(ctx.dataset.accounts(), INGEST_TRANSACTION_ROWS)) {
        await raw.transaction(async () => {
          const at = ctx.clock.now().toISOString();
          // Field order as Rapport's records have it, so the audit JSON is the same text.
          const records = batch.map((a) => ({
            id: ids.next("acc"),
            tenantId: side.tenantId,
            name: a.name,
            type: a.type,
            industry: a.industry,
            website: a.website,
            description: a.description,
            ownerId: a.ownerId,
            annualRevenue: a.annualRevenue,
            currency: a.currency,
            parentId: null,
            employeeCount: a.employeeCount,
            billingAddress: a.billingAddress,
            shippingAddress: null,
            version: 1,
            createdAt: at,
            updatedAt: at,
            createdBy: IMPORTER,
            updatedBy: IMPORTER,
            archivedAt: null,
            custom: {},
            externalIds: a.erpId === null ? {} : { erp: a.erpId },
            tags: a.tags,
          }));
          const rows = records.map((r) => [
            r.tenantId,
            r.id,
            1,
            at,
            at,
            IMPORTER,
            IMPORTER,
            null,
            "{}",
            JSON.stringify(r.externalIds),
            JSON.stringify(r.tags),
            r.name,
            r.type,
            r.industry,
            r.website,
            r.description,
            r.ownerId,
            r.annualRevenue,
            r.currency,
            null,
            r.employeeCount,
            r.billingAddress === null ? null : JSON.stringify(r.billingAddress),
            null,
          ]);
          await insertRows(raw, "accounts", ACCOUNT_COLUMNS, rows, RECORD_ROWS_PER_INSERT);
          const keys = records.flatMap((r) =>
            r.externalIds.erp === undefined ? [] : [[side.tenantId, "account", "erp", r.externalIds.erp, r.id]],
          );
          await insertRows(
            raw,
            "rapport_external_ids",
            ["tenant_id", "entity_type", "system", "external_id", "entity_id"],
            keys,
            RECORD_ROWS_PER_INSERT,
          );
          const tags = records.flatMap((r) => r.tags.map((tag) => [side.tenantId, "account", r.id, tag]));
          await insertRows(
            raw,
            "rapport_tags",
            ["tenant_id", "entity_type", "entity_id", "tag"],
            tags,
            LOG_ROWS_PER_INSERT,
          );
          const who = { tenantId: side.tenantId, actorId: IMPORTER, at };
          await writeAudit(
            raw,
            ids,
            who,
            records.map((r) => ({
              entityType: "account",
              entityId: r.id,
              action: "create",
              changes: createdChanges(r),
            })),
          );
          await writeFeed(
            raw,
            ids,
            who,
            records.map((r) => ({ type: "account.created", data: JSON.stringify({ id: r.id, version: 1 }) })),
          );
          for (const r of records) side.accountIds.push(r.id);
        });
        ctx.memory.sample();
      }
      side.accountVersions = new Int32Array(side.accountIds.length).fill(1);
    },
  };
}
