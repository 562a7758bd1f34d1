import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@rapport/core";
import { expectEntityTablesMatch, expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { loyalty } from "./loyalty-module.js";

describeEachAdapter("the loyalty plugin of examples/plugin", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [loyalty()] });

  const setup = async () => {
    const tenantId = await t.tenant();
    const alice = t.as(tenantId, "alice", ["sales_rep"]);
    const account = await alice.accounts.create({ name: "Globex", type: "customer" });
    return { tenantId, alice, account };
  };

  it("declares its table once: the entity and the migrated table agree", async () => {
    await expectEntityTablesMatch(t.adapter, [loyalty()]);
  });

  it("enrols an account with the declared defaults, and refuses an account that does not exist, writing nothing", async () => {
    const { tenantId, alice, account } = await setup();
    const member = await alice.loyalty.create({ accountId: account.id });
    expect(member).toMatchObject({ accountId: account.id, points: 0, tier: "bronze", ownerId: "alice", version: 1 });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.loyalty.create({ accountId: "acc_00000000000000000000000000" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["accountId"]);
  });

  it("adds points in one versioned write with its audit entry and event; a member that does not exist is NotFoundError", async () => {
    const { tenantId, alice, account } = await setup();
    const member = await alice.loyalty.create({ accountId: account.id });
    const added: unknown[] = [];
    const off = t.crm.on("loyalty.points_added", (event) => void added.push(event.data));
    const after = await alice.loyalty.addPoints(
      member.id,
      { points: 1_200, reason: "order 1042" },
      { expectedVersion: 1 },
    );
    off();
    expect(after).toMatchObject({
      points: 1_200,
      tier: "silver",
      version: 2,
      lastEarnedAt: t.clock.now().toISOString(),
    });
    expect(added).toEqual([
      { id: member.id, accountId: account.id, points: 1_200, balance: 1_200, reason: "order 1042", version: 2 },
    ]);
    const history = await t.crm.system(tenantId).audit.history("loyalty_member", member.id);
    expect(history.items.at(-1)).toMatchObject({
      action: "add_points",
      changes: { points: [0, 1_200], tier: ["bronze", "silver"] },
    });
    await expect(
      alice.loyalty.addPoints("loy_00000000000000000000000000", { points: 1, reason: "x" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses bad points, a stale version and another rep's member, writing nothing", async () => {
    const { tenantId, alice, account } = await setup();
    const member = await alice.loyalty.create({ accountId: account.id });
    const bob = t.as(tenantId, "bob", ["sales_rep"]);
    const bad = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.loyalty.addPoints(member.id, { points: -5, reason: "refund" }),
    );
    expect(bad).toBeInstanceOf(ValidationError);
    await alice.loyalty.addPoints(member.id, { points: 10, reason: "first" });
    const stale = await expectNothingWritten(t.adapter, tenantId, () =>
      alice.loyalty.addPoints(member.id, { points: 10, reason: "again" }, { expectedVersion: 1 }),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    const forbidden = await expectNothingWritten(t.adapter, tenantId, () =>
      bob.loyalty.addPoints(member.id, { points: 10, reason: "not mine" }),
    );
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    const agent = t.as(tenantId, "sam", ["service_agent"]);
    expect((await agent.loyalty.addPoints(member.id, { points: 5, reason: "goodwill" })).points).toBe(15);
  });

  it("upserts members by an external id, and a repeated upsert writes nothing", async () => {
    const { alice, account } = await setup();
    const first = await alice.loyalty.upsertByExternalId("shop", "M-1", { accountId: account.id });
    const again = await alice.loyalty.upsertByExternalId("shop", "M-1", { accountId: account.id });
    expect(first.created).toBe(true);
    expect(again).toEqual({ record: first.record, created: false });
    expect(first.record.externalIds).toEqual({ shop: "M-1" });
  });

  it("the expiry job expires each member's points once, when their time has come", async () => {
    const { alice, account } = await setup();
    const member = await alice.loyalty.create({ accountId: account.id });
    await alice.loyalty.addPoints(member.id, { points: 500, reason: "welcome" });
    const expired: unknown[] = [];
    // Other tests' members share this database: count this member's events only.
    t.crm.on("loyalty.points_expired", (event) => {
      if (event.data.id === member.id) expired.push(event.data);
    });
    const handled = async () =>
      (await t.crm.jobs.runDue()).jobs.find((job) => job.name === "loyalty.expire_points")?.handled ?? 0;
    await handled();
    expect(expired).toEqual([]);
    t.clock.advance({ days: 366 });
    expect(await handled()).toBeGreaterThanOrEqual(1);
    expect(await handled()).toBe(0);
    expect(expired).toEqual([{ id: member.id, expired: 500, version: 3 }]);
    expect(await alice.loyalty.get(member.id)).toMatchObject({ points: 0, tier: "bronze", pointsExpireAt: null });
  });
});
