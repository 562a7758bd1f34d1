import { ConflictError, ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aCompetitor, anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("sales opportunities", (target) => {
  const t = useSalesCrm(target);

  it("create defaults the pipeline, first open stage, stage probability and owner, and records the first stage visit", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const pipeline = await alice.sales.pipelines.getDefault();
    const opp = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Globex renewal",
      amount: 1_200_000,
      currency: "USD",
    });
    expect(opp).toMatchObject({
      pipelineId: pipeline.id,
      stageKey: "awareness",
      status: "open",
      probability: 5,
      probabilitySource: "stage",
      ownerId: "alice",
      amount: 1_200_000,
      currency: "USD",
      stageEnteredAt: t.clock.now().toISOString(),
      closedAt: null,
      version: 1,
    });
    expect(opp.id.startsWith("opp_")).toBe(true);
    expect(await alice.sales.opportunities.stageHistory(opp.id)).toMatchObject([
      { stageKey: "awareness", fromStageKey: null, leftAt: null, actorId: "alice" },
    ]);
  });

  it("recurring revenue is first-class: amount defaults to the monthly amount times the term", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const subscription = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "SaaS",
      recurringAmount: 50_000,
      termMonths: 24,
      currency: "EUR",
    });
    expect(subscription).toMatchObject({ recurringAmount: 50_000, termMonths: 24, amount: 1_200_000 });
    const explicit = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "SaaS + setup",
      recurringAmount: 50_000,
      termMonths: 12,
      amount: 700_000,
      currency: "EUR",
    });
    expect(explicit.amount).toBe(700_000);
  });

  it("a manual probability sticks through stage moves; probability null returns to the stage's", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const opp = await alice.sales.opportunities.create({ accountId: account.id, name: "Gut feeling", probability: 42 });
    expect(opp).toMatchObject({ probability: 42, probabilitySource: "manual" });
    const moved = await alice.sales.opportunities.moveStage(opp.id, "interest");
    expect(moved.probability).toBe(42);
    const reset = await alice.sales.opportunities.update(opp.id, { probability: null });
    expect(reset).toMatchObject({ probability: 15, probabilitySource: "stage" });
    const next = await alice.sales.opportunities.update(opp.id, { amount: 10_000, currency: "USD" });
    expect((await alice.sales.opportunities.moveStage(next.id, "evaluation")).probability).toBe(35);
  });

  it("refuses bad input on create and update, writing nothing", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const competitor = await aCompetitor(alice);
    const other = await alice.sales.pipelines.getDefault();
    const { manager } = await salesTenant(t);
    const foreignPipeline = await manager.sales.pipelines.getDefault();
    const base = { accountId: account.id, name: "Deal" };
    const cases: unknown[] = [
      { ...base, amount: 10 },
      { ...base, amount: 10.5, currency: "USD" },
      { ...base, currency: "XXY" },
      { ...base, stageKey: "nope" },
      { ...base, stageKey: "won" },
      { ...base, stageKey: "evaluation" },
      { ...base, pipelineId: foreignPipeline.id },
      { ...base, accountId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" },
      { ...base, primaryContactId: "con_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" },
      { ...base, closeDate: "2026-02-30" },
      { ...base, probability: 101 },
      { ...base, name: "x".repeat(5 * 1024 * 1024) },
      { ...base, stage: "interest" },
      { name: "No account" },
    ];
    for (const input of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.opportunities.create(input as never),
      );
      expect(error, JSON.stringify(input).slice(0, 80)).toBeInstanceOf(ValidationError);
    }
    const opp = await alice.sales.opportunities.create({ ...base, pipelineId: other.id });
    const patchCases: unknown[] = [
      { stageKey: "interest" },
      { status: "won" },
      { amount: -1 },
      { accountId: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" },
    ];
    for (const patch of patchCases) {
      expect(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.opportunities.update(opp.id, patch as never)),
      ).toBeInstanceOf(ValidationError);
    }
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.opportunities.update(opp.id, { name: "Stale" }, { expectedVersion: 7 }),
      ),
    ).toBeInstanceOf(ConflictError);
    // A competitor account is still an account: it can be the deal's account, but that is a separate concern from competitors.
    expect(
      (await alice.sales.opportunities.create({ accountId: competitor.id, name: "Selling to a rival" })).accountId,
    ).toBe(competitor.id);
  });

  it("the primary contact must be a contact of the opportunity's account", async () => {
    const { alice } = await salesTenant(t);
    const globex = await anAccount(alice, "Globex");
    const initech = await anAccount(alice, "Initech");
    const hank = await alice.contacts.create({ accountId: globex.id, lastName: "Scorpio" });
    const opp = await alice.sales.opportunities.create({
      accountId: globex.id,
      name: "Deal",
      primaryContactId: hank.id,
    });
    expect(opp.primaryContactId).toBe(hank.id);
    await expect(
      alice.sales.opportunities.create({ accountId: initech.id, name: "Wrong", primaryContactId: hank.id }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(alice.sales.opportunities.update(opp.id, { accountId: initech.id })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("updating an opportunity in a stage keeps the stage's required fields set", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const opp = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "Deal",
      stageKey: "evaluation",
      amount: 1_000,
      currency: "USD",
    });
    const error = await alice.sales.opportunities.update(opp.id, { amount: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([["amount"]]);
  });

  it("reps see and change only their own opportunities; managers see all", async () => {
    const { alice, bob, manager } = await salesTenant(t);
    const account = await anAccount(alice);
    const mine = await alice.sales.opportunities.create({ accountId: account.id, name: "Alice's" });
    const theirs = await bob.sales.opportunities.create({ accountId: account.id, name: "Bob's" });
    expect((await alice.sales.opportunities.list()).items.map((o) => o.id)).toEqual([mine.id]);
    expect((await manager.sales.opportunities.list()).items.map((o) => o.id).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );
    await expect(alice.sales.opportunities.get(theirs.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.sales.opportunities.moveStage(theirs.id, "interest")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.sales.opportunities.update(theirs.id, { name: "Mine now" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const viewer = t.as(mine.tenantId, "vic", ["read_only"]);
    expect((await viewer.sales.opportunities.list()).items).toHaveLength(2);
    await expect(viewer.sales.opportunities.create({ accountId: account.id, name: "No" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });

  it("archive hides an opportunity from lists and blocks its verbs; findByExternalId finds it", async () => {
    const { alice } = await salesTenant(t);
    const account = await anAccount(alice);
    const opp = await alice.sales.opportunities.create({
      accountId: account.id,
      name: "ERP deal",
      externalIds: { erp: "SO-9" },
    });
    expect((await alice.sales.opportunities.findByExternalId("erp", "SO-9"))?.id).toBe(opp.id);
    await alice.sales.opportunities.archive(opp.id);
    expect((await alice.sales.opportunities.list()).items).toHaveLength(0);
    await expect(alice.sales.opportunities.moveStage(opp.id, "interest")).rejects.toThrow(/archived/);
  });
});
