import { DuplicateError, ForbiddenError, type InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { aDeal, aTeam, aWonDeal } from "../test-support/document-fixtures.js";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path.join("."));
}

const q2 = { type: "quarter", start: "2026-04-01" } as const;

describeEachAdapter("quotas", (target) => {
  const t = useSalesCrm(target);

  it("attainment sums won deals closed in the period, each converted at its close date's rate, in SQL", async () => {
    const { manager, alice, bob } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-04-01", rate: "1.10" });
    await manager.sales.currencies.setRate({ from: "EUR", effectiveOn: "2026-05-01", rate: "1.0833" });
    const { account } = await aDeal(alice);
    await aWonDeal(alice, account.id, 1_000_000, "USD", "2026-04-15");
    await aWonDeal(alice, account.id, 333_333, "EUR", "2026-04-30"); // × 1.10 = 366,666.3 → 366,666
    await aWonDeal(alice, account.id, 100_001, "EUR", "2026-06-30"); // × 1.0833 = 108,331.0833 → 108,331
    await aWonDeal(alice, account.id, 50_000, "GBP", "2026-05-05"); // no GBP rate: left out, counted
    await aWonDeal(alice, account.id, 999_999, "USD", "2026-07-01"); // next quarter
    await aWonDeal(bob, account.id, 777_777, "USD", "2026-04-20"); // someone else's
    const revenue = await manager.sales.quotas.create({
      userId: "alice",
      period: q2,
      measure: "revenue",
      target: 2_000_000,
    });
    expect(revenue).toMatchObject({
      subjectType: "user",
      userId: "alice",
      periodType: "quarter",
      periodStart: "2026-04-01",
      periodEnd: "2026-06-30",
      currency: "USD",
    });
    expect(await alice.sales.quotas.attainment(revenue.id)).toEqual({
      quotaId: revenue.id,
      measure: "revenue",
      period: { type: "quarter", start: "2026-04-01", end: "2026-06-30" },
      target: 2_000_000,
      achieved: 1_000_000 + 366_666 + 108_331,
      remaining: 2_000_000 - 1_474_997,
      attainmentPercent: 73.7,
      currency: "USD",
      unconverted: 1,
      members: [],
    });
    const count = await manager.sales.quotas.create({
      userId: "alice",
      period: { type: "month", start: "2026-04-01" },
      measure: "count",
      target: 3,
    });
    expect(await manager.sales.quotas.attainment(count.id)).toMatchObject({
      achieved: 2,
      remaining: 1,
      attainmentPercent: 66.7,
      currency: null,
    });
  });

  it("a team quota rolls up its members' won deals, with each member's own target", async () => {
    const { manager, alice, bob, system } = await salesTenant(t);
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const team = await aTeam(system, "East", ["alice", "bob", "carol"]);
    const { account } = await aDeal(alice);
    await aWonDeal(alice, account.id, 400_000, "USD", "2026-04-02");
    await aWonDeal(bob, account.id, 250_000, "USD", "2026-05-02");
    await aWonDeal(manager, account.id, 900_000, "USD", "2026-05-02"); // not on the team
    await manager.sales.quotas.create({ userId: "alice", period: q2, measure: "revenue", target: 500_000 });
    const quota = await manager.sales.quotas.create({
      teamId: team.id,
      period: q2,
      measure: "revenue",
      target: 1_000_000,
    });
    expect(quota).toMatchObject({ subjectType: "team", teamId: team.id, userId: null });
    expect(await manager.sales.quotas.attainment(quota.id)).toMatchObject({
      achieved: 650_000,
      remaining: 350_000,
      attainmentPercent: 65,
      members: [
        { userId: "alice", achieved: 400_000, target: 500_000 },
        { userId: "bob", achieved: 250_000, target: null },
        { userId: "carol", achieved: 0, target: null },
      ],
    });
  });

  it("refuses overlapping quotas for the same user and measure, misaligned periods and unknown teams — writing nothing", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const noCurrency = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.quotas.create({ userId: "alice", period: q2, measure: "revenue", target: 1 }),
    );
    expect((noCurrency as InvalidTransitionError).details.reason).toBe("corporate_currency_missing");
    await manager.sales.settings.update({ corporateCurrency: "USD" });
    const quarter = await manager.sales.quotas.create({
      userId: "alice",
      period: q2,
      measure: "revenue",
      target: 1_000,
    });
    const overlap = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.quotas.create({
        userId: "alice",
        period: { type: "month", start: "2026-06-01" },
        measure: "revenue",
        target: 5,
      }),
    );
    expect(overlap).toBeInstanceOf(DuplicateError);
    expect((overlap as DuplicateError).details).toMatchObject({ reason: "overlapping_quota", existingId: quarter.id });
    // Other measures, users and periods are fine.
    await manager.sales.quotas.create({ userId: "alice", period: q2, measure: "count", target: 4 });
    await manager.sales.quotas.create({ userId: "bob", period: q2, measure: "revenue", target: 4 });
    await manager.sales.quotas.create({
      userId: "alice",
      period: { type: "quarter", start: "2026-07-01" },
      measure: "revenue",
      target: 4,
    });
    const cases: [Record<string, unknown>, string][] = [
      [{ period: { type: "quarter", start: "2026-05-01" } }, "period.start"],
      [{ period: { type: "month", start: "2026-05-02" } }, "period.start"],
      [{ teamId: "team_01HZZZZZZZZZZZZZZZZZZZZZZZ" }, "userId"],
      [{ userId: undefined, teamId: "team_01HZZZZZZZZZZZZZZZZZZZZZZZ" }, "teamId"],
      [{ target: -1 }, "target"],
      [{ measure: "margin" }, "measure"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(t.adapter, tenantId, () =>
        manager.sales.quotas.create({
          userId: "carol",
          period: { type: "year", start: "2027-01-01" },
          measure: "revenue",
          target: 1,
          ...input,
        } as never),
      );
      expect(issuePaths(error)).toEqual([path]);
    }
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        alice.sales.quotas.create({
          userId: "alice",
          period: { type: "year", start: "2027-01-01" },
          measure: "count",
          target: 1,
        }),
      ),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("a role that may set quotas but not read teams sets one for an existing team; an unknown team is still refused, writing nothing", async () => {
    const { tenantId, system } = await salesTenant(t);
    const team = await aTeam(system, "West", ["alice"]);
    await system.roles.define({ name: "quota_setter", grants: { "quota:create": "all", "quota:read": "all" } });
    const setter = t.as(tenantId, "quinn", ["quota_setter"]);
    await expect(setter.teams.get(team.id)).rejects.toBeInstanceOf(ForbiddenError);
    const quota = await setter.sales.quotas.create({ teamId: team.id, period: q2, measure: "count", target: 3 });
    expect(quota).toMatchObject({ subjectType: "team", teamId: team.id, target: 3 });
    const unknown = await expectNothingWritten(t.adapter, tenantId, () =>
      setter.sales.quotas.create({
        teamId: "team_01JDQ8Z6X4W3F2R5T7Y9B1N3M5",
        period: q2,
        measure: "count",
        target: 3,
      }),
    );
    expect(issuePaths(unknown)).toEqual(["teamId"]);
  });

  it("a rep reads their own quota but not another rep's; a manager changes the target", async () => {
    const { manager, alice, bob } = await salesTenant(t);
    const quota = await manager.sales.quotas.create({ userId: "alice", period: q2, measure: "count", target: 5 });
    expect((await alice.sales.quotas.get(quota.id)).target).toBe(5);
    await expect(bob.sales.quotas.get(quota.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(bob.sales.quotas.attainment(quota.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await manager.sales.quotas.update(quota.id, { target: 7 })).target).toBe(7);
    expect((await alice.sales.quotas.list()).items.map((q) => q.id)).toEqual([quota.id]);
    // An archived quota frees its period for a new one.
    await manager.sales.quotas.archive(quota.id);
    const again = await manager.sales.quotas.create({ userId: "alice", period: q2, measure: "count", target: 6 });
    expect((await alice.sales.quotas.list()).items.map((q) => q.id)).toEqual([again.id]);
  });
});
