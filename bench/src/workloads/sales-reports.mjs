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
 * SQL for an opportunity's amount converted to `to` at the latest rate on or before its
 * close date (today's while it has none), half up; `NULL` when no rate covers it.
 *
 * @param {string} tenantId
 * @param {string} to
 * @param {string} today
 */
function convertedSql(tenantId, to, today) {
  return `(case when o.amount is null then null when o.currency = '${to}' then o.amount else (
    select (o.amount / xr.denominator) * xr.numerator
      + ((o.amount % xr.denominator) * xr.numerator * 2 + xr.denominator) / (2 * xr.denominator)
    from sales_exchange_rates xr
    where xr.tenant_id = '${tenantId}' and xr.from_currency = o.currency and xr.to_currency = '${to}'
      and xr.effective_on <= coalesce(o.close_date, '${today}')
    order by xr.effective_on desc limit 1) end)`;
}

/**
 * The hand-written reports: the SQL a developer would write for each, run on the raw
 * driver, results shaped as Rapport returns them. Closed deals count by their close date;
 * amounts are converted to the report's currency at that date's rate.
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {() => string} today the clock's date
 */
function rawReports(raw, tenantId, today) {
  const cycleDays = `cast(round((${raw.epochSeconds("o.close_date")} - ${raw.epochSeconds("substr(o.created_at, 1, 10)")}) / 86400.0) as integer)`;
  const converted = () => convertedSql(tenantId, CURRENCY, today());
  const unconverted = () => `(case when o.amount is not null and ${converted()} is null then 1 else 0 end)`;
  return {
    pipelineByStage: async () => {
      const pipelineId = await defaultPipelineId(raw, tenantId);
      const rows = await raw.all(
        `select s.key, s.name, s.position, t.count, t.amount, t.weighted_centi, t.unconverted
         from sales_stages s
         left join (
           select d.stage_key, count(*) as count, coalesce(sum(d.amount_c), 0) as amount,
             coalesce(sum(d.amount_c * d.probability), 0) as weighted_centi, coalesce(sum(d.unconverted), 0) as unconverted
           from (
             select o.stage_key, o.probability, ${converted()} as amount_c, ${unconverted()} as unconverted
             from sales_opportunities o
             where o.tenant_id = ? and o.archived_at is null and o.pipeline_id = ? and o.status = ?
           ) d
           group by d.stage_key
         ) t on t.stage_key = s.key
         where s.tenant_id = ? and s.pipeline_id = ? and s.kind = ?
         order by s.position`,
        [tenantId, pipelineId, "open", tenantId, pipelineId, "open"],
      );
      return rows.map((row) => ({
        stageKey: row.key,
        stageName: row.name,
        position: num(row.position),
        count: num(row.count),
        amount: num(row.amount),
        weightedAmount: Math.floor((num(row.weighted_centi) + 50) / 100),
        unconverted: num(row.unconverted),
      }));
    },
    winRates: async () => {
      const middle = "r.rn in ((r.n + 1) / 2, (r.n + 2) / 2)";
      const rows = await raw.all(
        `select r.owner_id,
           coalesce(sum(case when r.status = 'won' then 1 end), 0) as won,
           coalesce(sum(case when r.status = 'lost' then 1 end), 0) as lost,
           coalesce(sum(case when r.status = 'won' then r.amount_c end), 0) as won_amount,
           coalesce(sum(case when r.status = 'won' then r.unconverted end), 0) as unconverted,
           sum(case when r.status = 'won' then r.days end) as won_days,
           sum(case when r.status = 'won' and ${middle} then r.days end) as won_middle_days,
           sum(case when r.status = 'won' and ${middle} then 1 end) as won_middle,
           sum(case when r.status = 'lost' then r.days end) as lost_days,
           sum(case when r.status = 'lost' and ${middle} then r.days end) as lost_middle_days,
           sum(case when r.status = 'lost' and ${middle} then 1 end) as lost_middle
         from (
           select c.*, row_number() over (partition by c.owner_id, c.status order by c.days) as rn,
             count(*) over (partition by c.owner_id, c.status) as n
           from (
             select o.owner_id, o.status, ${cycleDays} as days, ${converted()} as amount_c, ${unconverted()} as unconverted
             from sales_opportunities o
             where o.tenant_id = ? and o.archived_at is null and o.status in (?, ?) and o.close_date >= ? and o.close_date < ?
           ) c
         ) r
         group by r.owner_id
         order by r.owner_id`,
        [tenantId, "won", "lost", PERIOD.from.slice(0, 10), PERIOD.to.slice(0, 10)],
      );
      /** @param {unknown} sum @param {unknown} count */
      const quotient = (sum, count) => (num(count) === 0 ? null : num(sum) / num(count));
      return rows.map((row) => {
        const won = num(row.won);
        const lost = num(row.lost);
        return {
          ownerId: row.owner_id,
          won,
          lost,
          winRate: won + lost === 0 ? 0 : won / (won + lost),
          averageCycleDays: quotient(row.won_days, won),
          medianCycleDays: quotient(row.won_middle_days, row.won_middle),
          averageLostCycleDays: quotient(row.lost_days, lost),
          medianLostCycleDays: quotient(row.lost_middle_days, row.lost_middle),
          wonAmount: num(row.won_amount),
          unconverted: num(row.unconverted),
        };
      });
    },
    accountPareto: async () => {
      const won = `from sales_opportunities o
             where o.tenant_id = ? and o.archived_at is null and o.status = ? and o.account_id is not null`;
      const rows = await raw.all(
        `select * from (
           select r.account_id, r.revenue,
             sum(r.revenue) over (order by r.revenue desc, r.account_id rows between unbounded preceding and current row) as running,
             sum(r.revenue) over () as total
           from (
             select d.account_id, coalesce(sum(d.amount_c), 0) as revenue
             from (select o.account_id, ${converted()} as amount_c ${won}) d
             group by d.account_id
             having count(d.amount_c) > 0
           ) r
         ) k
         order by k.revenue desc, k.account_id
         limit ?`,
        [tenantId, "won", PARETO_LIMIT],
      );
      const [left] = await raw.all(`select coalesce(sum(${unconverted()}), 0) as unconverted ${won}`, [
        tenantId,
        "won",
      ]);
      const total = num(rows[0]?.total);
      return {
        total,
        accounts: rows.map((row) => {
          const running = num(row.running);
          const before = total === 0 ? 0 : (running - num(row.revenue)) / total;
          return {
            accountId: row.account_id,
            revenue: num(row.revenue),
            cumulativeShare: total === 0 ? 0 : running / total,
            abcClass: before < 0.8 ? "A" : before < 0.95 ? "B" : "C",
          };
        }),
        unconverted: num(left?.unconverted),
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
    winRates: `report: win rate, won revenue and cycle days (mean, median; won, lost) by owner over ${count} opportunities`,
    accountPareto: `report: accounts by won revenue with cumulative share (Pareto, top ${PARETO_LIMIT}) over ${count} opportunities`,
  };
  return {
    name: names[report],
    group: "report",
    targetRatio: 1.2,
    prepare: async (ctx, tenantId) => {
      const reports = ctx.crm.as({ tenantId, userId: MANAGER, roles: ["sales_manager"] }).sales.reports;
      const raw = rawReports(ctx.raw, tenantId, () => ctx.clock.now().toISOString().slice(0, 10));
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
