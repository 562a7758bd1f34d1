import { ForbiddenError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, type SalesTestCrm, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("deal teams on every read path", (target) => {
  const t = useSalesCrm(target);

  /**
   * A tenant where alice and bob share a user team, carol works alone, sam is on alice's
   * deal team (read access), olga holds an own-scope reader role and is on carol's deal
   * team, and maria manages everything.
   */
  async function dealTenant(test: SalesTestCrm) {
    const tenantId = await test.tenant();
    const system = test.crm.system(tenantId);
    await system.roles.define({ name: "own_reader", grants: { "opportunity:read": "own" } });
    for (const id of ["alice", "bob"]) await system.users.upsert({ id, name: id });
    const team = await system.teams.create({ name: "EMEA" });
    await system.teams.addMember(team.id, "alice");
    await system.teams.addMember(team.id, "bob");
    const actor = (userId: string, role = "sales_rep") => ({ tenantId, userId, roles: [role] });
    const client = (userId: string, role = "sales_rep") => test.crm.as(actor(userId, role));
    const account = await anAccount(client("alice"));
    const deal = (userId: string, name: string) =>
      client(userId).sales.opportunities.create({ accountId: account.id, name, amount: 1_000, currency: "EUR" });
    const deals = {
      alices: await deal("alice", "alice's"),
      bobs: await deal("bob", "bob's"),
      carols: await deal("carol", "carol's"),
      olgas: await system.sales.opportunities.create({
        accountId: account.id,
        name: "olga's",
        ownerId: "olga",
        amount: 1_000,
        currency: "EUR",
      }),
    };
    await client("alice").sales.opportunities.addTeamMember(deals.alices.id, { userId: "sam", role: "support" });
    await client("carol").sales.opportunities.addTeamMember(deals.carols.id, { userId: "olga", role: "support" });
    return { tenantId, actor, client, deals };
  }

  it("restrict, can, get and list give one answer in own, team and all scope and for a deal-team share", async () => {
    const { actor, client, deals } = await dealTenant(t);
    // A second tenant with the same user names and deals: restrict must not reach it.
    await dealTenant(t);
    const all = Object.values(deals);
    const nameOf = new Map(all.map((d) => [d.id, d.name]));
    const names = (ids: Iterable<string>) => [...ids].map((id) => nameOf.get(id) ?? `foreign ${id}`).sort();
    const cases: [userId: string, role: string, expected: string[]][] = [
      ["alice", "sales_rep", ["alice's", "bob's"]],
      ["bob", "sales_rep", ["alice's", "bob's"]],
      ["carol", "sales_rep", ["carol's"]],
      ["sam", "sales_rep", ["alice's"]],
      ["olga", "own_reader", ["olga's"]],
      ["maria", "sales_manager", ["alice's", "bob's", "carol's", "olga's"]],
    ];
    for (const [userId, role, expected] of cases) {
      const who = actor(userId, role);
      const scoped = client(userId, role);
      const listed = (await scoped.sales.opportunities.list()).items.map((d) => d.id);
      const gettable: string[] = [];
      const allowed: string[] = [];
      for (const d of all) {
        try {
          gettable.push((await scoped.sales.opportunities.get(d.id)).id);
        } catch (error) {
          expect(error).toBeInstanceOf(ForbiddenError);
        }
        const record = { id: d.id, ownerId: d.ownerId, createdBy: d.createdBy };
        if (await t.crm.can(who, "opportunity:read", record)) allowed.push(d.id);
      }
      const query = t.adapter.db.selectFrom("sales_opportunities").select("id");
      const restricted = (await (await t.crm.restrict(who, "opportunity:read", query)).execute()).map((r) => r.id);
      expect({
        userId,
        list: names(listed),
        get: names(gettable),
        can: names(allowed),
        restrict: names(restricted),
      }).toEqual({ userId, list: expected, get: expected, can: expected, restrict: expected });
    }
  });

  it("restrict counts deal-team shares on a host table that links to the deal through idColumn", async () => {
    const { actor, deals } = await dealTenant(t);
    // The host's own table is not here: the stage history stands in for a table keyed by the deal.
    const visits = t.adapter.db
      .selectFrom("sales_stage_history as h")
      .innerJoin("sales_opportunities as o", (join) =>
        join.onRef("o.id", "=", "h.opportunity_id").onRef("o.tenant_id", "=", "h.tenant_id"),
      )
      .select("h.opportunity_id");
    const restricted = await t.crm.restrict(actor("sam"), "opportunity:read", visits, {
      ownerColumn: "o.owner_id",
      idColumn: "h.opportunity_id",
    });
    expect([...new Set((await restricted.execute()).map((r) => r.opportunity_id))]).toEqual([deals.alices.id]);
  });
});
