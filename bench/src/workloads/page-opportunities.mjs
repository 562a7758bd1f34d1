/** @typedef {import("../workload.mjs").ReadWorkload} ReadWorkload */
/** @typedef {import("../raw/raw-sqlite.mjs").RawRow} RawRow */
/** @typedef {import("../raw/raw-sqlite.mjs").RawDb} RawDb */

const PAGE_SIZE = 50;
/** How deep the deep page is, at most (the 10,000 rows). */
const MAX_DEPTH = 10_000;
/** The rep with the most deals in the data set (owners are skewed towards the first reps). */
const READER = "rep0001";

/**
 * @param {unknown} value
 * @returns {number | null}
 */
function numberOrNull(value) {
  return value === null ? null : Number(value);
}

/**
 * A raw row as the record Rapport returns (camelCase, JSON columns parsed, numbers as
 * numbers), so both sides hand back the same thing.
 *
 * @param {RawRow} row
 */
function toOpportunity(row) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    accountId: row.account_id,
    primaryContactId: row.primary_contact_id,
    ownerId: row.owner_id,
    pipelineId: row.pipeline_id,
    stageKey: row.stage_key,
    status: row.status,
    amount: numberOrNull(row.amount),
    currency: row.currency,
    recurringAmount: numberOrNull(row.recurring_amount),
    termMonths: numberOrNull(row.term_months),
    closeDate: row.close_date,
    probability: Number(row.probability),
    probabilitySource: row.probability_source,
    source: row.source,
    leadId: row.lead_id,
    nextStep: row.next_step,
    description: row.description,
    stageEnteredAt: row.stage_entered_at,
    closedAt: row.closed_at,
    lostReasonId: row.lost_reason_id,
    lostNote: row.lost_note,
    lostToCompetitorId: row.lost_to_competitor_id,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    archivedAt: row.archived_at ?? null,
    custom: JSON.parse(String(row.custom)),
    externalIds: JSON.parse(String(row.external_ids)),
    tags: JSON.parse(String(row.tags)),
  };
}

/**
 * True when both lists hold the same records with the same values (key order aside).
 *
 * @param {readonly object[]} a
 * @param {readonly object[]} b
 */
function sameRecords(a, b) {
  /** @param {object} record */
  const canonical = (record) => JSON.stringify(Object.entries(record).sort(([x], [y]) => x.localeCompare(y)));
  return a.length === b.length && a.every((record, i) => canonical(record) === canonical(b[i] ?? {}));
}

/**
 * The owners whose deals a rep sees under `team` scope: the rep and their user-team mates
 * (the same lookup Rapport makes for every list).
 *
 * @param {RawDb} raw
 * @param {string} tenantId
 * @param {string} userId
 */
async function visibleOwners(raw, tenantId, userId) {
  const rows = await raw.all(
    "select distinct theirs.user_id from rapport_team_members mine join rapport_team_members theirs on theirs.tenant_id = mine.tenant_id and theirs.team_id = mine.team_id where mine.tenant_id = ? and mine.user_id = ?",
    [tenantId, userId],
  );
  return [...new Set([userId, ...rows.map((r) => String(r.user_id))])];
}

/**
 * Paging: a sales rep's open opportunities sorted by close date, 50 a page — either the
 * first page, or the page a cursor reached after `depth` rows (up to 10,000 deep, less when
 * the rep has fewer open deals). Rapport: `sales.opportunities.list({ filter, orderBy,
 * limit, cursor })` as the rep (team scope: their own deals, their mates', and those whose
 * opportunity team they are on). Raw: the same visibility lookup and keyset query by hand,
 * mapped to records the same way.
 *
 * @param {"first" | "deep"} which
 * @returns {ReadWorkload}
 */
export function pageOpportunities(which) {
  return {
    name:
      which === "first"
        ? "opportunities: a rep's open deals by close date, first page"
        : "opportunities: the same list, a page deep down (cursor)",
    group: "paging",
    targetRatio: 1.3,
    prepare: async (ctx, tenantId) => {
      const rep = ctx.crm.as({ tenantId, userId: READER, roles: ["sales_rep"] });
      /** @type {{ filter: { field: string, op: "eq", value: string }[], orderBy: { field: string, direction: "asc" } }} */
      const options = {
        filter: [{ field: "status", op: "eq", value: "open" }],
        orderBy: { field: "closeDate", direction: "asc" },
      };
      const visible =
        "(owner_id in (?) or id in (select opportunity_id from sales_opportunity_team where tenant_id = ? and user_id = ?))";
      const [counted] = await ctx.raw.all(
        `select count(*) as n from sales_opportunities where tenant_id = ? and archived_at is null and ${visible} and status = ?`,
        [tenantId, READER, tenantId, READER, "open"],
      );
      const matches = Number(counted?.n ?? 0);
      const depth = which === "first" ? 0 : Math.min(MAX_DEPTH, Math.floor(matches * 0.8));

      // Walk to the deep page the way a client would, in the largest pages the API allows.
      /** @type {string | undefined} */
      let cursor;
      for (let skipped = 0; skipped < depth; ) {
        const limit = Math.min(500, depth - skipped);
        const page = await rep.sales.opportunities.list({
          ...options,
          limit,
          ...(cursor === undefined ? {} : { cursor }),
        });
        cursor = page.nextCursor ?? undefined;
        skipped += limit;
      }
      const order = "order by case when close_date is null then 1 else 0 end, close_date asc, id asc";
      /** @type {unknown[]} */
      let after = [];
      let keyset = "";
      if (depth > 0) {
        const [last] = await ctx.raw.all(
          `select close_date, id from sales_opportunities where tenant_id = ? and archived_at is null and ${visible} and status = ? ${order} limit 1 offset ?`,
          [tenantId, READER, tenantId, READER, "open", depth - 1],
        );
        if (last?.close_date === null) {
          keyset = " and (close_date is null and id > ?)";
          after = [last?.id];
        } else {
          keyset = " and ((close_date > ? or (close_date = ? and id > ?)) or close_date is null)";
          after = [last?.close_date, last?.close_date, last?.id];
        }
      }
      const rapportPage = () =>
        rep.sales.opportunities.list({ ...options, limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
      const rawPage = async () => {
        const owners = await visibleOwners(ctx.raw, tenantId, READER);
        const ownersIn = `(owner_id in (${owners.map(() => "?").join(", ")}) or id in (select opportunity_id from sales_opportunity_team where tenant_id = ? and user_id = ?))`;
        const rows = await ctx.raw.all(
          `select * from sales_opportunities where tenant_id = ? and archived_at is null and ${ownersIn} and status = ?${keyset} ${order} limit ?`,
          [tenantId, ...owners, tenantId, READER, "open", ...after, PAGE_SIZE + 1],
        );
        return { items: rows.slice(0, PAGE_SIZE).map(toOpportunity), more: rows.length > PAGE_SIZE };
      };
      // Both sides must return the same page, or the comparison means nothing.
      const [mine, theirs] = [await rapportPage(), await rawPage()];
      if (!sameRecords(mine.items, theirs.items)) {
        throw new Error(`opportunities paging (${which}): Rapport and raw returned different pages`);
      }
      const pages = ctx.size.pagesPerRun;
      return {
        rows: pages * mine.items.length,
        detail: `${pages} fetches of a ${mine.items.length}-row page at depth ${depth.toLocaleString("en-US")} of ${matches.toLocaleString("en-US")}`,
        rapport: async () => {
          for (let i = 0; i < pages; i++) await rapportPage();
        },
        raw: async () => {
          for (let i = 0; i < pages; i++) await rawPage();
        },
      };
    },
  };
}
