/** @typedef {import("../workload.mjs").BenchContext} BenchContext */
/** @typedef {import("../dataset.mjs").OpportunityRow} OpportunityRow */

const PAGE = 500;

/**
 * Setup for the reports (untimed): closes the data set's won and lost deals in the
 * data-set tenant through the public API — `win` and `lose`, one deal at a time, with the
 * clock pinned to each deal's close date — since the bulk path creates open deals only.
 * Deals are read back in creation order, which is the data set's order.
 *
 * @param {BenchContext} ctx
 * @param {string} tenantId
 * @returns {Promise<{ won: number, lost: number }>}
 */
export async function closeDeals(ctx, tenantId) {
  const manager = ctx.crm.as({ tenantId, userId: "mgr001", roles: ["sales_manager"] });
  const reasons = (await manager.sales.lostReasons.list({ limit: 50 })).items.map((r) => r.id);
  if (reasons.length === 0) throw new Error("the tenant has no lost reasons to close deals with");
  const rows = ctx.dataset.opportunities();
  let won = 0;
  let lost = 0;
  /** @type {string | undefined} */
  let cursor;
  try {
    do {
      const page = await manager.sales.opportunities.list({
        orderBy: { field: "createdAt", direction: "asc" },
        limit: PAGE,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const deal of page.items) {
        const row = /** @type {IteratorResult<OpportunityRow>} */ (rows.next()).value;
        if (row === undefined || row.name !== deal.name)
          throw new Error(`deal ${deal.id} is not the data set's next deal`);
        if (row.closedOn === null) continue;
        ctx.clock.pin(`${row.closedOn}T00:00:00.000Z`);
        if (row.stage === "won") {
          await manager.sales.opportunities.win(deal.id, { closeDate: row.closedOn, expectedVersion: deal.version });
          won++;
        } else {
          const reasonId = /** @type {string} */ (reasons[row.index % reasons.length]);
          await manager.sales.opportunities.lose(deal.id, {
            reasonId,
            closeDate: row.closedOn,
            expectedVersion: deal.version,
          });
          lost++;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  } finally {
    ctx.clock.pin(null);
  }
  return { won, lost };
}
