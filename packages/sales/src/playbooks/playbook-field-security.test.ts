import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("playbook references under field-level security", (target) => {
  const t = useSalesCrm(target);

  it("forStage ranks reps by deals won, without revenue, when amounts are hidden, and leaves out hidden activity and deal fields", async () => {
    const { tenantId, system, alice } = await salesTenant(t);
    const rep = (userId: string) => t.as(tenantId, userId, ["sales_rep"]);
    const account = await anAccount(alice);
    const start = t.clock.now().toISOString();
    // Ann wins one large deal, Ben two small ones: by revenue Ann leads, by deals Ben does.
    async function wonDeal(userId: string, amount: number, call: string) {
      const client = rep(userId);
      const opp = await client.sales.opportunities.create({
        accountId: account.id,
        name: `${userId}'s secret deal`,
        amount,
        currency: "USD",
        closeDate: "2026-04-01",
      });
      t.clock.advance({ minutes: 10 });
      await client.sales.opportunities.moveStage(opp.id, "interest");
      t.clock.advance({ minutes: 10 });
      await client.activities.create({ kind: "call", relatedTo: { type: "opportunity", id: opp.id }, subject: call });
      t.clock.advance({ minutes: 10 });
      await client.sales.opportunities.win(opp.id);
      t.clock.advance({ minutes: 10 });
    }
    await wonDeal("ann", 9_191_919, "Ann's private call");
    await wonDeal("ben", 1_000, "Ben's private call");
    await wonDeal("ben", 2_000, "Ben's second private call");
    await system.roles.define({
      name: "guarded_rep",
      grants: { "*:*": "all" },
      hiddenFields: { opportunity: ["amount", "name"], activity: ["subject"] },
    });
    const options = { currency: "USD", from: start, reps: 2 };
    const open = await rep("newbie").sales.playbooks.forStage("interest", options);
    expect(open.references.reps.map((r) => r.userId)).toEqual(["ann", "ben"]);

    const guarded = await t.as(tenantId, "gus", ["guarded_rep"]).sales.playbooks.forStage("interest", options);
    expect(guarded.references.reps).toEqual([
      { userId: "ben", wonCount: 2 },
      { userId: "ann", wonCount: 1 },
    ]);
    expect(guarded.references.activities).toHaveLength(3);
    for (const activity of guarded.references.activities) {
      expect(activity).toMatchObject({ kind: "call", userId: expect.any(String) });
      expect(activity).not.toHaveProperty("subject");
      expect(activity).not.toHaveProperty("opportunityName");
    }
    const text = JSON.stringify(guarded);
    for (const secret of ["9191919", "private call", "secret deal"]) expect(text).not.toContain(secret);
  });
});
