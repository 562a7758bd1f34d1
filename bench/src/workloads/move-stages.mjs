import { insertRows, writeAudit, writeFeed } from "../raw/raw-writes.mjs";
import { STAGE_VISIT_COLUMNS } from "./ingest-opportunities.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */
/** @typedef {import("../workload.mjs").SideState} SideState */

/** The sales manager who moves deals (may move every opportunity of the tenant). */
const MOVER = "mgr001";

/**
 * @param {SideState} side
 * @param {number} index
 */
function trackedOpportunity(side, index) {
  const id = side.opportunityIds.get(index);
  const version = side.opportunityVersions.get(index);
  if (id === undefined || version === undefined) throw new Error(`opportunity #${index} was not tracked at ingest`);
  return { id, version };
}

/**
 * Stage moves, each its own transaction: `sales.opportunities.moveStage(id, stage,
 * { expectedVersion })` — read (and on PostgreSQL lock) the opportunity, check the version,
 * that it is open and that the target is an active open stage whose required fields are
 * set, write stage and probability, one audit row, close the current stage visit and open
 * the next, and two change-feed rows (`opportunity.updated`, `opportunity.stage_changed`).
 * Raw does the same statements by hand.
 *
 * @param {number} count moves per run (the data set's `stageMoves(count)`)
 * @returns {WriteWorkload}
 */
export function moveStages(count) {
  return {
    name: `${count.toLocaleString("en-US")} stage moves, one transaction each`,
    group: "write",
    tables: ["sales_opportunities"],
    rows: count,
    targetRatio: 1.5,
    rapport: async (ctx, side) => {
      const mover = ctx.crm.as({ tenantId: side.tenantId, userId: MOVER, roles: ["sales_manager"] });
      for (const { opportunityIndex, toStage } of ctx.stageMoves) {
        const { id, version } = trackedOpportunity(side, opportunityIndex);
        const moved = await mover.sales.opportunities.moveStage(id, toStage, { expectedVersion: version });
        side.opportunityVersions.set(opportunityIndex, moved.version);
      }
    },
    raw: async (ctx, side) => {
      const { raw, ids } = ctx;
      for (const { opportunityIndex, toStage } of ctx.stageMoves) {
        const { id, version: expected } = trackedOpportunity(side, opportunityIndex);
        await raw.transaction(async () => {
          const at = ctx.clock.now().toISOString();
          const [row] = await raw.all(
            `select * from sales_opportunities where tenant_id = ? and id = ?${raw.forUpdate}`,
            [side.tenantId, id],
          );
          if (!row) throw new Error(`raw: opportunity ${id} not found`);
          const version = Number(row.version);
          if (version !== expected) throw new Error(`raw: opportunity ${id} is at version ${version}, not ${expected}`);
          if (row.archived_at !== null || row.status !== "open")
            throw new Error(`raw: opportunity ${id} is closed or archived`);
          const [stage] = await raw.all(
            "select * from sales_stages where tenant_id = ? and pipeline_id = ? and key = ?",
            [side.tenantId, row.pipeline_id, toStage],
          );
          if (!stage || stage.retired_at !== null || stage.kind !== "open" || stage.key === row.stage_key) {
            throw new Error(`raw: opportunity ${id} cannot move to "${toStage}"`);
          }
          const required = /** @type {string[]} */ (JSON.parse(String(stage.required_fields)));
          const columns = { amount: row.amount, closeDate: row.close_date };
          if (required.some((field) => columns[/** @type {keyof typeof columns} */ (field)] == null)) {
            throw new Error(`raw: opportunity ${id} lacks fields "${toStage}" requires`);
          }
          const fromStage = String(row.stage_key);
          const before = Number(row.probability);
          const probability = row.probability_source === "stage" ? Number(stage.probability) : before;
          const changed = await raw.run(
            "update sales_opportunities set version = ?, updated_at = ?, updated_by = ?, stage_key = ?, probability = ?, stage_entered_at = ? where tenant_id = ? and id = ? and version = ?",
            [version + 1, at, MOVER, toStage, probability, at, side.tenantId, id, version],
          );
          if (changed !== 1) throw new Error(`raw: opportunity ${id} changed concurrently`);
          /** @type {Record<string, [unknown, unknown]>} */
          const changes = { stageKey: [fromStage, toStage] };
          if (probability !== before) changes.probability = [before, probability];
          // Two moves of one deal within a millisecond leave its stage-entry time as it was.
          if (row.stage_entered_at !== at) changes.stageEnteredAt = [row.stage_entered_at, at];
          const who = { tenantId: side.tenantId, actorId: MOVER, at };
          await writeAudit(raw, ids, who, [
            { entityType: "opportunity", entityId: id, action: "move_stage", changes: JSON.stringify(changes) },
          ]);
          await raw.run(
            "update sales_stage_history set left_at = ? where tenant_id = ? and opportunity_id = ? and left_at is null",
            [at, side.tenantId, id],
          );
          await insertRows(
            raw,
            "sales_stage_history",
            STAGE_VISIT_COLUMNS,
            [[side.tenantId, ids.next("stgv"), id, row.pipeline_id, toStage, fromStage, at, null, MOVER]],
            1,
          );
          const updated = { id, version: version + 1, changed: Object.keys(changes) };
          const stageChanged = {
            id,
            version: version + 1,
            pipelineId: row.pipeline_id,
            fromStage,
            toStage,
            probability,
          };
          await writeFeed(raw, ids, who, [
            { type: "opportunity.updated", data: JSON.stringify(updated) },
            { type: "opportunity.stage_changed", data: JSON.stringify(stageChanged) },
          ]);
        });
        side.opportunityVersions.set(opportunityIndex, expected + 1);
      }
    },
  };
}
