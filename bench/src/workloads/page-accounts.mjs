/** @typedef {import("../workload.mjs").ReadWorkload} ReadWorkload */
/** @typedef {import("../raw/raw-sqlite.mjs").RawRow} RawRow */

const PAGE_SIZE = 50;
/** How deep the deep page is, at most (the 10,000 rows). */
const MAX_DEPTH = 10_000;
const READER = "rep0001";

/**
 * A raw row as the record Rapport returns (camelCase, JSON columns parsed, numbers as
 * numbers), so both sides hand back the same thing.
 *
 * @param {RawRow} row
 */
function toAccount(row) {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    name: row.name,
    type: row.type,
    industry: row.industry,
    website: row.website,
    description: row.description,
    ownerId: row.owner_id,
    annualRevenue: row.annual_revenue === null ? null : Number(row.annual_revenue),
    currency: row.currency,
    parentId: row.parent_id,
    employeeCount: row.employee_count === null ? null : Number(row.employee_count),
    billingAddress: row.billing_address === null ? null : JSON.parse(String(row.billing_address)),
    shippingAddress: row.shipping_address === null ? null : JSON.parse(String(row.shipping_address)),
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
 * Paging: a sales rep's list of customer accounts sorted by name, 50 a page — either the
 * first page, or the page a cursor reached after `depth` rows (up to 10,000 deep, less
 * when the tenant has fewer customers). Rapport: `accounts.list({ filter, orderBy,
 * limit, cursor })`. Raw: the keyset query `(name, id) > (…)` it stands for, mapped to
 * records the same way.
 *
 * @param {"first" | "deep"} which
 * @returns {ReadWorkload}
 */
export function pageAccounts(which) {
  return {
    name:
      which === "first"
        ? "accounts: a rep's filtered, sorted list, first page"
        : "accounts: the same list, a page deep down (cursor)",
    group: "paging",
    targetRatio: 1.3,
    prepare: async (ctx, tenantId) => {
      const rep = ctx.crm.as({ tenantId, userId: READER, roles: ["sales_rep"] });
      /** @type {{ filter: { field: string, op: "eq", value: string }[], orderBy: { field: string, direction: "asc" }, limit: number }} */
      const options = {
        filter: [{ field: "type", op: "eq", value: "customer" }],
        orderBy: { field: "name", direction: "asc" },
        limit: PAGE_SIZE,
      };
      const [counted] = await ctx.raw.all(
        "select count(*) as n from accounts where tenant_id = ? and archived_at is null and type = ?",
        [tenantId, "customer"],
      );
      const matches = Number(counted?.n ?? 0);
      // Deep enough to matter, shallow enough that rows follow (small data sets have few customers).
      const depth = which === "first" ? 0 : Math.min(MAX_DEPTH, Math.floor(matches * 0.8));

      // Walk to the deep page the way a client would, in the largest pages the API allows.
      /** @type {string | undefined} */
      let cursor;
      for (let skipped = 0; skipped < depth; ) {
        const limit = Math.min(500, depth - skipped);
        const page = await rep.accounts.list({ ...options, limit, ...(cursor === undefined ? {} : { cursor }) });
        cursor = page.nextCursor ?? undefined;
        skipped += limit;
      }
      /** @type {unknown[]} */
      let after = [];
      if (depth > 0) {
        const [last] = await ctx.raw.all(
          "select name, id from accounts where tenant_id = ? and archived_at is null and type = ? order by name, id limit 1 offset ?",
          [tenantId, "customer", depth - 1],
        );
        after = [last?.name, last?.name, last?.id];
      }
      const keyset = depth > 0 ? " and (name > ? or (name = ? and id > ?))" : "";
      const sql = `select * from accounts where tenant_id = ? and archived_at is null and type = ?${keyset} order by name asc, id asc limit ?`;
      const params = [tenantId, "customer", ...after, PAGE_SIZE + 1];

      const rapportPage = () => rep.accounts.list({ ...options, ...(cursor === undefined ? {} : { cursor }) });
      const rawPage = async () => {
        const rows = await ctx.raw.all(sql, params);
        const items = rows.slice(0, PAGE_SIZE).map(toAccount);
        return { items, more: rows.length > PAGE_SIZE };
      };
      // Both sides must return the same page, or the comparison means nothing.
      const [mine, theirs] = [await rapportPage(), await rawPage()];
      if (!sameRecords(mine.items, theirs.items))
        throw new Error(`accounts paging (${which}): Rapport and raw returned different pages`);

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
