import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("sales opportunities in bulk", (target) => {
  const t = useSalesCrm(target);

  it("createMany creates every opportunity with stage defaults, a first stage visit, an event and an audit row each", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const created: string[] = [];
    const off = t.crm.on("opportunity.created", (e) => void created.push(e.data.id));
    const inputs = Array.from({ length: 1_200 }, (_, i) => ({
      accountId: account.id,
      name: `Deal ${i}`,
      amount: 1_000 + i,
      currency: "EUR",
      ...(i % 3 === 0 ? { stageKey: "evaluation" } : {}),
    }));
    const opportunities = await alice.sales.opportunities.createMany(inputs);
    off();
    expect(opportunities).toHaveLength(1_200);
    expect(created).toEqual(opportunities.map((o) => o.id));
    expect(opportunities[0]).toMatchObject({ stageKey: "evaluation", status: "open", ownerId: "alice", amount: 1_000 });
    expect(opportunities[1]).toMatchObject({ stageKey: "awareness", probability: 5, probabilitySource: "stage" });
    const single = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "One",
      amount: 1,
      currency: "EUR",
      stageKey: "evaluation",
    });
    const bulkHistory = await alice.sales.opportunities.stageHistory(opportunities[0]?.id ?? "");
    expect(bulkHistory).toMatchObject([{ stageKey: "evaluation", fromStageKey: null, leftAt: null, actorId: "alice" }]);
    expect(opportunities[0]?.probability).toBe(single.probability);
    const moved = await alice.sales.opportunities.moveStage(opportunities[1]?.id ?? "", "interest");
    expect(moved.stageKey).toBe("interest");
  });

  it("createMany with one bad input fails whole, naming its index, and writes nothing", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const good = { accountId: account.id, name: "Good", amount: 5, currency: "USD" };
    const elsewhere = await alice.accounts.create({ name: "Elsewhere" });
    const stranger = await alice.contacts.create({ firstName: "Stranger", accountId: elsewhere.id });
    const cases: [unknown[], string][] = [
      [[good, { ...good, amount: -1 }], "1.amount"],
      [[good, good, { ...good, stageKey: "nowhere" }], "2.stageKey"],
      [[{ ...good, stageKey: "won" }], "0.stageKey"],
      [[good, { ...good, pipelineId: "pip_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }], "1.pipelineId"],
      [[good, good, { ...good, accountId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }], "2.accountId"],
      [[good, { ...good, primaryContactId: stranger.id }], "1.primaryContactId"],
    ];
    for (const [inputs, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.opportunities.createMany(inputs as never),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path.join("."))).toContain(path);
    }
    const readOnly = t.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => readOnly.sales.opportunities.createMany([good])),
    ).toBeInstanceOf(ForbiddenError);
  });
});
