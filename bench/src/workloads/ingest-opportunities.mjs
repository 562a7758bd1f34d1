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
/** @typedef {import("../workload.mjs").SideState} SideState */
/** @typedef {import("../workload.mjs").BenchContext} BenchContext */
/** @typedef {import("../raw/raw-sqlite.mjs").RawDb} RawDb */
/** @typedef {import("../dataset.mjs").OpportunityRow} OpportunityRow */

/** The `sales_opportunities` table's columns, as the sales module's migration creates them. */
export const OPPORTUNITY_COLUMNS = Object.freeze([
  ...RECORD_COLUMNS,
  "custom",
  "tags",
  "external_ids",
  "name",
  "account_id",
  "primary_contact_id",
  "owner_id",
  "pipeline_id",
  "stage_key",
  "status",
  "amount",
  "currency",
  "recurring_amount",
  "term_months",
  "close_date",
  "probability",
  "probability_source",
  "source",
  "lead_id",
  "next_step",
  "description",
  "stage_entered_at",
  "closed_at",
  "lost_reason_id",
  "lost_note",
  "lost_to_competitor_id",
]);

/** The `sales_stage_history` table's columns. */
export const STAGE_VISIT_COLUMNS = Object.freeze([
  "tenant_id",
  "id",
  "opportunity_id",
  "pipeline_id",
  "stage_key",
  "from_stage_key",
  "entered_at",
  "left_at",
  "actor_id",
]);

/**
 * @param {SideState} side
 * @param {OpportunityRow} o
 */
function contactIdOf(side, o) {
  return o.contactIndex === null ? null : /** @type {string} */ (side.contactIds[o.contactIndex]);
}

/**
 * The input `sales.opportunities.createMany` gets for a generated opportunity. The bulk
 * path creates open opportunities only, so a won or lost deal comes in at the open stage
 * it was closed from (closing is `win`/`lose`, one deal at a time).
 *
 * @param {SideState} side
 * @param {OpportunityRow} o
 */
function opportunityInput(side, o) {
  // Optional keys by assignment: V8 builds `{ ...(x ? {} : { y }), … }` on a slow path
  // (~15 µs an object), which would count as Rapport's time.
  /** @type {import("@rapport/sales").CreateOpportunityInput} */
  const input = {
    name: o.name,
    accountId: /** @type {string} */ (side.accountIds[o.accountIndex]),
    ownerId: o.ownerId,
    stageKey: o.openStage,
    amount: o.amount,
    currency: o.currency,
    closeDate: o.closedOn ?? o.expectedCloseOn,
  };
  const primaryContactId = contactIdOf(side, o);
  if (primaryContactId !== null) input.primaryContactId = primaryContactId;
  return input;
}

/**
 * Rapport stamps a batch with its clock's time; pinning the clock to the batch's creation
 * date (batches are in creation order) gives the data set its two years of history.
 *
 * @param {BenchContext} ctx
 * @param {readonly OpportunityRow[]} batch
 */
function pinToCreation(ctx, batch) {
  ctx.clock.pin(`${batch[0]?.createdOn}T00:00:00.000Z`);
}

/**
 * Remembers the ids of the opportunities later workloads write to (stage moves); the
 * others are not kept, so a million-row ingest holds no million ids.
 *
 * @param {BenchContext} ctx
 * @param {SideState} side
 * @param {readonly OpportunityRow[]} batch
 * @param {readonly { id: string }[]} created
 */
function track(ctx, side, batch, created) {
  batch.forEach((o, i) => {
    const record = created[i];
    if (record && ctx.trackedOpportunities.has(o.index)) {
      side.opportunityIds.set(o.index, record.id);
      side.opportunityVersions.set(o.index, 1);
    }
  });
}

/**
 * The stages of the tenant's default pipeline, keyed by stage key — read per transaction,
 * as Rapport's bulk path reads them per call.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 */
async function defaultPipeline(raw, tenantId) {
  const [pipeline] = await raw.all(
    "select id from sales_pipelines where tenant_id = ? and is_default = ? and archived_at is null",
    [tenantId, 1],
  );
  if (!pipeline) throw new Error("raw: the tenant has no default pipeline");
  const stages = await raw.all("select * from sales_stages where tenant_id = ? and pipeline_id = ? order by position", [
    tenantId,
    pipeline.id,
  ]);
  const byKey = new Map(
    stages.map((s) => [
      String(s.key),
      {
        probability: Number(s.probability),
        kind: String(s.kind),
        required: /** @type {string[]} */ (JSON.parse(String(s.required_fields))),
      },
    ]),
  );
  return { id: String(pipeline.id), stages: byKey };
}

/**
 * Checks the batch's links in one query per table: every account exists, every primary
 * contact exists and works at the opportunity's account.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {readonly { accountId: string, primaryContactId: string | null }[]} records
 */
async function checkLinks(raw, tenantId, records) {
  const accountIds = [...new Set(records.map((r) => r.accountId))];
  const contactIds = [...new Set(records.flatMap((r) => (r.primaryContactId === null ? [] : [r.primaryContactId])))];
  const found = new Set();
  for (let start = 0; start < accountIds.length; start += RECORD_ROWS_PER_INSERT) {
    const chunk = accountIds.slice(start, start + RECORD_ROWS_PER_INSERT);
    const rows = await raw.all(
      `select id from accounts where tenant_id = ? and id in (${chunk.map(() => "?").join(", ")})`,
      [tenantId, ...chunk],
    );
    for (const row of rows) found.add(row.id);
  }
  const missing = accountIds.find((id) => !found.has(id));
  if (missing !== undefined) throw new Error(`raw: account ${missing} does not exist`);
  /** @type {Map<unknown, unknown>} */
  const contactAccounts = new Map();
  for (let start = 0; start < contactIds.length; start += RECORD_ROWS_PER_INSERT) {
    const chunk = contactIds.slice(start, start + RECORD_ROWS_PER_INSERT);
    const rows = await raw.all(
      `select id, account_id from contacts where tenant_id = ? and id in (${chunk.map(() => "?").join(", ")})`,
      [tenantId, ...chunk],
    );
    for (const row of rows) contactAccounts.set(row.id, row.account_id);
  }
  const stray = records.find(
    (r) => r.primaryContactId !== null && contactAccounts.get(r.primaryContactId) !== r.accountId,
  );
  if (stray) throw new Error(`raw: contact ${stray.primaryContactId} is not a contact of account ${stray.accountId}`);
}

/**
 * Ingest: every opportunity of the data set, 1,000 per transaction. Rapport: one
 * `sales.opportunities.createMany` per 1,000 (validation, pipeline and stages, account and
 * contact checks, required fields of the stage, audit rows, first stage visits,
 * change-feed rows). Raw: in each transaction, the pipeline and its stages, one query each
 * for the batch's accounts and contacts, then multi-row INSERTs of the opportunities, one
 * audit row, one stage visit and one feed row each.
 *
 * @param {number} count opportunities per run
 * @returns {WriteWorkload}
 */
export function ingestOpportunities(count) {
  return {
    name: `ingest ${count.toLocaleString("en-US")} opportunities`,
    group: "ingest",
    tables: ["sales_opportunities"],
    rows: count,
    targetRatio: 1.5,
    rapport: async (ctx, side) => {
      const importer = ctx.crm.as({ tenantId: side.tenantId, userId: IMPORTER, roles: ["admin"] });
      try {
        for (const batch of batches(ctx.dataset.opportunities(), INGEST_TRANSACTION_ROWS)) {
          pinToCreation(ctx, batch);
          const created = await importer.sales.opportunities.createMany(batch.map((o) => opportunityInput(side, o)));
          track(ctx, side, batch, created);
          ctx.memory.sample();
        }
      } finally {
        ctx.clock.pin(null);
      }
    },
    raw: async (ctx, side) => {
      const { raw, ids } = ctx;
      for (const batch of batches(ctx.dataset.opportunities(), INGEST_TRANSACTION_ROWS)) {
        pinToCreation(ctx, batch);
        await raw.transaction(async () => {
          const at = ctx.clock.now().toISOString();
          const pipeline = await defaultPipeline(raw, side.tenantId);
          // Field order as Rapport's records have it, so the audit JSON is the same text.
          const records = batch.map((o) => {
            const stage = pipeline.stages.get(o.openStage);
            if (stage?.kind !== "open") throw new Error(`raw: "${o.openStage}" is not an open stage`);
            const record = {
              id: ids.next("opp"),
              tenantId: side.tenantId,
              name: o.name,
              accountId: /** @type {string} */ (side.accountIds[o.accountIndex]),
              primaryContactId: contactIdOf(side, o),
              ownerId: o.ownerId,
              pipelineId: pipeline.id,
              stageKey: o.openStage,
              status: "open",
              amount: o.amount,
              currency: o.currency,
              recurringAmount: null,
              termMonths: null,
              closeDate: o.closedOn ?? o.expectedCloseOn,
              probability: stage.probability,
              probabilitySource: "stage",
              source: null,
              leadId: null,
              nextStep: null,
              description: null,
              stageEnteredAt: at,
              closedAt: null,
              lostReasonId: null,
              lostNote: null,
              lostToCompetitorId: null,
              version: 1,
              createdAt: at,
              updatedAt: at,
              createdBy: IMPORTER,
              updatedBy: IMPORTER,
              archivedAt: null,
              custom: {},
              externalIds: {},
              tags: [],
            };
            const missing = stage.required.filter(
              (field) => record[/** @type {keyof typeof record} */ (field)] == null,
            );
            if (missing.length > 0) throw new Error(`raw: stage ${o.openStage} needs ${missing.join(", ")}`);
            return record;
          });
          await checkLinks(raw, side.tenantId, records);
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
            "[]",
            "{}",
            r.name,
            r.accountId,
            r.primaryContactId,
            r.ownerId,
            r.pipelineId,
            r.stageKey,
            r.status,
            r.amount,
            r.currency,
            null,
            null,
            r.closeDate,
            r.probability,
            r.probabilitySource,
            null,
            null,
            null,
            null,
            at,
            null,
            null,
            null,
            null,
          ]);
          await insertRows(raw, "sales_opportunities", OPPORTUNITY_COLUMNS, rows, RECORD_ROWS_PER_INSERT);
          const who = { tenantId: side.tenantId, actorId: IMPORTER, at };
          await writeAudit(
            raw,
            ids,
            who,
            records.map((r) => ({
              entityType: "opportunity",
              entityId: r.id,
              action: "create",
              changes: createdChanges(r),
            })),
          );
          const visits = records.map((r) => [
            side.tenantId,
            ids.next("stgv"),
            r.id,
            r.pipelineId,
            r.stageKey,
            null,
            at,
            null,
            IMPORTER,
          ]);
          await insertRows(raw, "sales_stage_history", STAGE_VISIT_COLUMNS, visits, LOG_ROWS_PER_INSERT);
          await writeFeed(
            raw,
            ids,
            who,
            records.map((r) => ({ type: "opportunity.created", data: JSON.stringify({ id: r.id, version: 1 }) })),
          );
          track(ctx, side, batch, records);
        });
        ctx.memory.sample();
      }
      ctx.clock.pin(null);
    },
  };
}
