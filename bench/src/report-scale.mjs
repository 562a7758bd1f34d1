// Times the three sales reports on 1,000,000 opportunities on PostgreSQL, with only the
// indexes Rapport creates. The opportunities are written with one INSERT … SELECT from
// generate_series (closing 450,000 deals one by one through the API would take ~40 min
// here); the reports themselves run through Rapport's public API.
//
//   pnpm --filter @rapport/bench report-scale   (RAPPORT_PG_URL, default postgres://postgres@127.0.0.1:5432/test)

import { writeFileSync } from "node:fs";
import { postgresAdapter } from "@rapport/adapter-postgres";
import { createCrm } from "@rapport/core";
import { sales } from "@rapport/sales";
import pg from "pg";

const OPPORTUNITIES = 1_000_000;
const ACCOUNTS = 10_000;
const ROUNDS = 3;
const url = process.env.RAPPORT_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `rapport_report_scale_${Date.now()}`;

const crm = await createCrm({ adapter: postgresAdapter({ connectionString: url, schema }), modules: [sales()] });
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  await crm.tenants.create({ id: "big", name: "Report scale" });
  const system = crm.system("big");
  const pipeline = await system.sales.pipelines.getDefault();
  const accounts = await system.accounts.createMany(
    Array.from({ length: ACCOUNTS }, (_, i) => ({ name: `Account ${i}`, type: "customer" })),
  );
  await client.query(`set search_path to ${schema}`);
  await client.query("create temp table bench_accounts(n int primary key, id text not null)");
  await client.query(
    "insert into bench_accounts select n - 1, ids[n] from unnest($1::text[]) with ordinality as t(id, n), (select $1::text[] as ids) a",
    [accounts.map((a) => a.id)],
  );
  /** @param {string} days an SQL expression counting days after 2025-01-01 */
  const iso = (days) =>
    `to_char(timestamp '2025-01-01' + (${days}) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const started = Date.now();
  // Seven-way stage mix (five open stages, won, lost), 50 owners, 600 days of creation dates.
  await client.query(
    `insert into sales_opportunities (tenant_id, id, version, created_at, updated_at, created_by, updated_by, custom,
       external_ids, tags, name, account_id, owner_id, pipeline_id, stage_key, status, amount, currency, close_date,
       probability, probability_source, stage_entered_at, closed_at)
     select 'big', 'opp_' || lpad(g::text, 26, '0'), 1, ${iso("g % 600")}, ${iso("g % 600")}, 'system', 'system', '{}', '{}', '[]',
       'Deal ' || g, a.id, 'rep' || (g % 50), $1,
       (array['awareness','interest','evaluation','trial','adoption','won','lost'])[1 + g % 7],
       case when g % 7 = 5 then 'won' when g % 7 = 6 then 'lost' else 'open' end,
       1000 + (g::bigint * 7919) % 5000000, 'USD', '2026-06-01', (array[5,15,30,50,75,100,0])[1 + g % 7], 'stage',
       ${iso("g % 600")}, case when g % 7 >= 5 then ${iso("g % 600 + 10 + g % 90")} end
     from generate_series(1, ${OPPORTUNITIES}) g join bench_accounts a on a.n = g % ${ACCOUNTS}`,
    [pipeline.id],
  );
  await client.query("analyze sales_opportunities");
  const fillSeconds = (Date.now() - started) / 1000;

  const manager = crm.as({ tenantId: "big", userId: "boss", roles: ["sales_manager"] });
  const reports = {
    "pipeline by stage": () => manager.sales.reports.pipelineByStage({ currency: "USD" }),
    "win rate and average cycle days by owner": () =>
      manager.sales.reports.winRates({ currency: "USD", from: "2024-01-01T00:00:00Z", to: "2028-01-01T00:00:00Z" }),
    "accounts by won revenue with cumulative share (top 100)": () =>
      manager.sales.reports.accountPareto({ currency: "USD" }),
  };
  const lines = [];
  for (const [name, run] of Object.entries(reports)) {
    const times = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    times.sort((x, y) => x - y);
    const median = times[1] ?? Number.NaN;
    lines.push(
      `| ${name} | ${median.toFixed(0)} | ${times[0]?.toFixed(0)}–${times[ROUNDS - 1]?.toFixed(0)} | ${median < 1000 ? "met" : "**missed**"} |`,
    );
  }
  const { rows } = await client.query("select version() as v");
  const table = [
    "# Sales reports on 1,000,000 opportunities — PostgreSQL",
    "",
    `Measured ${new Date().toISOString()} by \`pnpm --filter @rapport/bench report-scale\` on ${rows[0]?.v}, Node ${process.version}.`,
    `${OPPORTUNITIES.toLocaleString("en")} opportunities over ${ACCOUNTS.toLocaleString("en")} accounts and 50 owners, written in ${fillSeconds.toFixed(0)} s with INSERT … SELECT; only the indexes Rapport creates. Reports through \`sales.reports\` as a sales manager. Target: under one second each.`,
    "",
    "| report | median ms | min–max ms | target |",
    "| --- | ---: | ---: | --- |",
    ...lines,
    "",
  ].join("\n");
  writeFileSync(new URL("../results/postgres-reports-1m.md", import.meta.url), table);
  console.log(table);
} finally {
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
  await crm.close();
}
