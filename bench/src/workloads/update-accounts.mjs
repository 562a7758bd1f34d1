import { writeAudit, writeFeed } from "../raw/raw-writes.mjs";

/** @typedef {import("../workload.mjs").WriteWorkload} WriteWorkload */

/** The sales manager who edits accounts (may update every account of the tenant). */
const EDITOR = "mgr001";

/**
 * Single-record writes, each its own transaction: `accounts.update(id, patch,
 * { expectedVersion })` — read the row for writing (locked on PostgreSQL), check the
 * version, write it, one audit row with the field diff, one `account.updated` feed row.
 * Raw does the same statements by hand. This is the path `moveStage` will share.
 *
 * @param {number} count updates per run
 * @returns {WriteWorkload}
 */
export function updateAccounts(count) {
  return {
    name: `${count.toLocaleString("en-US")} account updates, one transaction each`,
    group: "write",
    tables: ["accounts"],
    rows: count,
    targetRatio: 1.5,
    rapport: async (ctx, side) => {
      const editor = ctx.crm.as({ tenantId: side.tenantId, userId: EDITOR, roles: ["sales_manager"] });
      for (const { accountIndex, patch } of ctx.dataset.accountUpdates(count)) {
        const id = /** @type {string} */ (side.accountIds[accountIndex]);
        const updated = await editor.accounts.update(id, patch, {
          expectedVersion: side.accountVersions[accountIndex],
        });
        side.accountVersions[accountIndex] = updated.version;
      }
    },
    raw: async (ctx, side) => {
      const { raw, ids } = ctx;
      for (const { accountIndex, patch } of ctx.dataset.accountUpdates(count)) {
        const id = /** @type {string} */ (side.accountIds[accountIndex]);
        const expected = /** @type {number} */ (side.accountVersions[accountIndex]);
        await raw.transaction(async () => {
          const at = ctx.clock.now().toISOString();
          const [row] = await raw.all(`select * from accounts where tenant_id = ? and id = ?${raw.forUpdate}`, [
            side.tenantId,
            id,
          ]);
          if (!row) throw new Error(`raw: account ${id} not found`);
          const version = Number(row.version);
          if (version !== expected) throw new Error(`raw: account ${id} is at version ${version}, not ${expected}`);
          if (row.archived_at !== null) throw new Error(`raw: account ${id} is archived`);
          /** @type {Record<string, [unknown, unknown]>} */
          const changes = {};
          if (row.industry !== patch.industry) changes.industry = [row.industry, patch.industry];
          if (row.website !== patch.website) changes.website = [row.website, patch.website];
          const changed = await raw.run(
            "update accounts set industry = ?, website = ?, version = ?, updated_at = ?, updated_by = ? where tenant_id = ? and id = ? and version = ?",
            [patch.industry, patch.website, version + 1, at, EDITOR, side.tenantId, id, version],
          );
          if (changed !== 1) throw new Error(`raw: account ${id} changed concurrently`);
          const who = { tenantId: side.tenantId, actorId: EDITOR, at };
          await writeAudit(raw, ids, who, [
            { entityType: "account", entityId: id, action: "update", changes: JSON.stringify(changes) },
          ]);
          const data = JSON.stringify({ id, version: version + 1, changed: Object.keys(changes) });
          await writeFeed(raw, ids, who, [{ type: "account.updated", data }]);
        });
        side.accountVersions[accountIndex] = expected + 1;
      }
    },
  };
}
