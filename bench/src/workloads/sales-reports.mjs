import { isDeepStrictEqual } from "node:util";

/** @typedef {import("../workload.mjs").ReadWorkload} ReadWorkload */
/** @typedef {import("../workload.mjs").BenchContext} BenchContext */
/** @typedef {import("../raw/raw-sqlite.mjs").RawDb} RawDb */

/** The sales manager the reports run as (reads every deal, so no owner filter). */
const MANAGER = "mgr001";
const CURRENCY = "USD";
/** Wide enough for every close date of the data set. */
const PERIOD = { from: "2023-01-01T00:00:00.000Z", to: "2030-01-01T00:00:00.000Z" };
const PARETO_LIMIT = 100;

/**
 * @param {unknown} value
 * @returns {number}
 */
const num = (value) => Number(value ?? 0);

/**
 * @param {RawDb} raw
 * @param {string} tenantId
 */
async function defaultPipelineId(raw, tenantId) {
  const [row] = await raw.all(
    "select id from sales_pipelines where tenant_id = ? and is_default = ? and archived_at is null",
    [tenantId, 1],
  );
  if (!row) throw new Error("raw: the tenant has no default pipeline");
  return String(row.id);
}

/**
 * The hand-written reports: the SQL a developer would write for each, run on the raw
 * driver, results shaped as Rapport returns them.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 */
function rawReports(raw, tenantId) {
  const cycleDays = `(${raw.epochSeconds("o.closed_at")} - ${raw.epochSeconds("o.created_at")}) / 86400.0`;
  return {
    pipelineByStage: async () => {
      const pipelineId = await defaultPipelineId(raw, tenantId);
      const rows = await raw.all(
        `select s.key, s.name, s.position, t.count, t.amount, t.weighted_centi
         from sales_stages s
         left join (
           select o.stage_key, count(*) as count, coalesce(sum(o.amount), 0) as amount, coalesce(sum(o.amount * o.probability), 0) as weighted_centi
           from sales_opportunities o
           where o.tenant_id = ? and o.archived_at is null and o.pipeline_id = ? and o.status = ? and o.currency = ?
           group by o.stage_key
         ) t on t.stage_key = s.key
         where s.tenant_id = ? and s.pipeline_id = ? and s.kind = ?
         order by s.position`,
        [tenantId, pipelineId, "open", CURRENCY, tenantId, pipelineId, "open"],
      );
      return rows.map((row) => ({
        stageKey: row.key,
        stageName: row.name,
        position: num(row.position),
        count: num(row.count),
        amount: num(row.amount),
        weightedAmount: Math.floor((num(row.weighted_centi) + 50) / 100),
      }));
    },
    winRates: async () => {
      const rows = await raw.all(
        `select o.owner_id,
           sum(case when o.status = 'won' then 1 else 0 end) as won,
           sum(case when o.status = 'lost' then 1 else 0 end) as lost,
           sum(case when o.status = 'won' and o.currency = ? then o.amount else 0 end) as won_amount,
           avg(case when o.status = 'won' then ${cycleDays} end) as cycle_days
         from sales_opportunities o
         where o.tenant_id = ? and o.archived_at is null and o.status in (?, ?) and o.closed_at >= ? and o.closed_at < ?
         group by o.owner_id
         order by o.owner_id`,
        [CURRENCY, tenantId, "won", "lost", PERIOD.from, PERIOD.to],
      );
      return rows.map((row) => {
        const won = num(row.won);
        const lost = num(row.lost);
        return {
          ownerId: row.owner_id,
          won,
          lost,
          winRate: won + lost === 0 ? 0 : won / (won + lost),
          wonAmount: num(row.won_amount),
          averageCycleDays: row.cycle_days === null ? null : Number(row.cycle_days),
        };
      });
    },
    accountPareto: async () => {
      const rows = await raw.all(
        `select * from (
           select r.account_id, r.revenue,
             sum(r.revenue) over (order by r.revenue desc, r.account_id rows between unbounded preceding and current row) as running,
             sum(r.revenue) over () as total
           from (
             select o.account_id, sum(o.amount) as revenue
             from sales_opportunities o
             where o.tenant_id = ? and o.archived_at is null and o.status = ? and o.currency = ?
             group by o.account_id
           ) r
         ) k
         order by k.revenue desc, k.account_id
         limit ?`,
        [tenantId, "won", CURRENCY, PARETO_LIMIT],
      );
      const total = num(rows[0]?.total);
      return {
        total,
        accounts: rows.map((row) => {
          const running = num(row.running);
          const before = (running - num(row.revenue)) / total;
          return {
            accountId: row.account_id,
            revenue: num(row.revenue),
            cumulativeShare: running / total,
            abcClass: before < 0.8 ? "A" : before < 0.95 ? "B" : "C",
          };
        }),
      };
    },
  };
}

/**
 * @param {unknown} a
 * @param {unknown} b
 */
function sameResult(a, b) {
  // Key order is no part of a result: the same figures under the same keys are the same result.
  return isDeepStrictEqual(a, b);
}

/**
 * Reports over the data-set tenant's opportunities (its won and lost deals closed by
 * `closeDeals`): pipeline by stage (count, amount, weighted amount), win rate and average
 * cycle days by owner, and accounts by won revenue with cumulative share (Pareto). Rapport:
 * `sales.reports.*` as a sales manager. Raw: the same aggregate SQL by hand. Both results
 * must be equal.
 *
 * @param {"pipelineByStage" | "winRates" | "accountPareto"} report
 * @param {number} opportunities the opportunities a report reads
 * @returns {ReadWorkload}
 */
export function salesReport(report, opportunities) {
  const count = opportunities.toLocaleString("en-US");
  const names = {
    pipelineByStage: `report: pipeline by stage (count, sum, weighted sum) over ${count} opportunities`,
    winRates: `report: win rate and average cycle days by owner over ${count} opportunities`,
    accountPareto: `report: accounts by won revenue with cumulative share (Pareto, top ${PARETO_LIMIT}) over ${count} opportunities`,
  };
  return {
    name: names[report],
    group: "report",
    targetRatio: 1.2,
    prepare: async (ctx, tenantId) => {
      const reports = ctx.crm.as({ tenantId, userId: MANAGER, roles: ["sales_manager"] }).sales.reports;
      const raw = rawReports(ctx.raw, tenantId);
      const rapportRun = {
        pipelineByStage: () => reports.pipelineByStage({ currency: CURRENCY }),
        winRates: () => reports.winRates({ currency: CURRENCY, ...PERIOD }),
        accountPareto: () => reports.accountPareto({ currency: CURRENCY, limit: PARETO_LIMIT }),
      }[report];
      const rawRun = raw[report];
      const [mine, theirs] = [await rapportRun(), await rawRun()];
      if (!sameResult(mine, theirs)) throw new Error(`${report}: Rapport and raw computed different results`);
      const size = Array.isArray(mine) ? mine.length : mine.accounts.length;
      return {
        rows: opportunities,
        detail: `${size} result rows, ${CURRENCY}`,
        rapport: rapportRun,
        raw: rawRun,
      };
    },
  };
}
