/** @typedef {import("./raw/raw-sqlite.mjs").RawDb} RawDb */

/**
 * Checks that the Rapport tenant and the raw tenant of a repetition hold the same work:
 * the same number of records (and sum of versions) in each table, the same number of
 * audit and change-feed rows, and the same total length of their JSON. Ids, timestamps
 * and the two tenant ids have equal lengths, so any difference in what was written —
 * a missing field in a diff, an extra event — shows up here. A mismatch fails the run.
 *
 * @param {RawDb} raw
 * @param {string} rapportTenant
 * @param {string} rawTenant
 * @param {readonly string[]} recordTables entity tables the workloads wrote
 * @param {readonly import("./workload.mjs").ParityProbe[]} [extraProbes] the workloads' own checks
 * @returns {Promise<void>}
 */
export async function checkParity(raw, rapportTenant, rawTenant, recordTables, extraProbes = []) {
  /** @type {import("./workload.mjs").ParityProbe[]} */
  const probes = [
    ...recordTables.map(
      (table) =>
        /** @type {[string, string]} */ ([
          table,
          `select count(*) as n, sum(version) as s from ${table} where tenant_id = ?`,
        ]),
    ),
    ["rapport_audit_log", "select count(*) as n, sum(length(changes)) as s from rapport_audit_log where tenant_id = ?"],
    [
      "rapport_change_feed",
      "select count(*) as n, sum(length(data)) as s from rapport_change_feed where tenant_id = ?",
    ],
    [
      "rapport_external_ids",
      "select count(*) as n, sum(length(external_id)) as s from rapport_external_ids where tenant_id = ?",
    ],
    ["rapport_tags", "select count(*) as n, sum(length(tag)) as s from rapport_tags where tenant_id = ?"],
    [
      "sales_stage_history",
      "select count(*) as n, sum(length(stage_key)) + count(from_stage_key) + count(left_at) as s from sales_stage_history where tenant_id = ?",
    ],
    ...extraProbes,
  ];
  const problems = [];
  for (const [table, sql] of probes) {
    const [mine] = await raw.all(sql, [rapportTenant]);
    const [theirs] = await raw.all(sql, [rawTenant]);
    const a = `${Number(mine?.n)} rows, ${Number(mine?.s ?? 0)}`;
    const b = `${Number(theirs?.n)} rows, ${Number(theirs?.s ?? 0)}`;
    if (a !== b) problems.push(`${table}: Rapport ${a} vs raw ${b}`);
  }
  if (problems.length > 0) throw new Error(`The two sides did not do the same work:\n  ${problems.join("\n  ")}`);
}
