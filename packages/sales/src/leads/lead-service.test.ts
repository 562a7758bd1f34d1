import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

describeEachAdapter("sales leads", (target) => {
  const t = useSalesCrm(target);

  it("create normalises contact data, starts at new, is owned by its creator and lists only for its owner", async () => {
    const { alice, bob, manager } = await salesTenant(t);
    const lead = await alice.sales.leads.create({
      firstName: "Ada",
      lastName: "Byron",
      email: "ADA@Example.com",
      phone: "030 901820",
      country: "de",
      source: "event",
      sourceDetail: "CeBIT",
    });
    expect(lead).toMatchObject({
      email: "ada@example.com",
      phone: "+4930901820",
      country: "DE",
      status: "new",
      ownerId: "alice",
      source: "event",
      territoryId: null,
      convertedAt: null,
    });
    expect(lead.id.startsWith("lead_")).toBe(true);
    await bob.sales.leads.create({ company: "Bob's prospect" });
    expect((await alice.sales.leads.list()).items.map((l) => l.id)).toEqual([lead.id]);
    expect((await manager.sales.leads.list()).items).toHaveLength(2);
    await expect(bob.sales.leads.get(lead.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses bad lead input without writing", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const cases: [unknown, new (...args: never[]) => Error][] = [
      [{ firstName: "Only a first name" }, ValidationError],
      [{ email: "nope" }, ValidationError],
      [{ lastName: "X", source: "carrier_pigeon" }, ValidationError],
      [{ lastName: "X", phone: "555" }, ValidationError],
      [{ lastName: "X", territoryId: "terr_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" }, ValidationError],
      [{ lastName: "X", status: "qualified" }, ValidationError],
    ];
    for (const [input, type] of cases) {
      expect(
        await expectNothingWritten(t.adapter, tenantId, () => alice.sales.leads.create(input as never)),
      ).toBeInstanceOf(type);
    }
  });

  it("a list filter on a status or source no lead can have is a ValidationError naming the values, not an empty page", async () => {
    const { alice } = await salesTenant(t);
    await alice.sales.leads.create({ lastName: "Byron", source: "event" });
    for (const filter of [
      { field: "status", op: "eq", value: "qualifed" },
      { field: "status", op: "in", value: ["new", "convertd"] },
      { field: "source", op: "ne", value: "carrier_pigeon" },
    ] as const) {
      const refused = await alice.sales.leads.list({ filter: [filter as never] }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).issues[0]?.path).toEqual(["filter", 0, "value"]);
    }
    const known = await alice.sales.leads.list({
      filter: [{ field: "status", op: "in", value: ["new", "converted"] }],
    });
    expect(known.items).toHaveLength(1);
  });

  it("moves through new → working → qualified, and disqualified with a reason, refusing illegal transitions", async () => {
    const { tenantId, alice } = await salesTenant(t);
    const lead = await alice.sales.leads.create({ lastName: "Lovelace" });
    const working = await alice.sales.leads.startWorking(lead.id, { expectedVersion: 1 });
    expect(working).toMatchObject({ status: "working", version: 2 });
    await expect(alice.sales.leads.startWorking(lead.id, { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    const qualified = await alice.sales.leads.qualify(lead.id);
    expect(qualified.status).toBe("qualified");
    const dropped = await alice.sales.leads.disqualify(lead.id, { reason: "No budget this year" });
    expect(dropped).toMatchObject({ status: "disqualified", disqualifiedReason: "No budget this year" });
    for (const attempt of [() => alice.sales.leads.qualify(lead.id), () => alice.sales.leads.startWorking(lead.id)]) {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(InvalidTransitionError);
    }
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => alice.sales.leads.disqualify(lead.id, { reason: "" })),
    ).toBeInstanceOf(ValidationError);
    const reopened = await alice.sales.leads.reopen(lead.id);
    expect(reopened).toMatchObject({ status: "working", disqualifiedReason: null });
    await expect(alice.sales.leads.reopen(lead.id)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("status moves and assignment are audited as their verbs, each one versioned change announced as lead.updated", async () => {
    const { tenantId, alice, system } = await salesTenant(t);
    const lead = await alice.sales.leads.create({ lastName: "Hopper" });
    const updates: unknown[] = [];
    const off = t.crm.on("lead.updated", (e) => {
      if (e.tenantId === tenantId) updates.push(e.data);
    });
    await alice.sales.leads.startWorking(lead.id);
    await alice.sales.leads.disqualify(lead.id, { reason: "Student project" });
    await alice.sales.leads.reopen(lead.id);
    await alice.sales.leads.qualify(lead.id);
    const assigned = await system.sales.leads.assign(lead.id, { userId: "bob" });
    off();
    expect(assigned).toMatchObject({ ownerId: "bob", version: 6 });
    expect(updates.map((u) => (u as { version: number }).version)).toEqual([2, 3, 4, 5, 6]);
    const audit = (await system.audit.history("lead", lead.id)).items;
    expect(audit.map((a) => a.action)).toEqual([
      "create",
      "start_working",
      "disqualify",
      "reopen",
      "qualify",
      "assign",
    ]);
    expect(audit[2]?.changes.disqualifiedReason).toEqual([null, "Student project"]);
    expect(audit[5]?.changes.ownerId).toEqual(["alice", "bob"]);
  });

  it("update re-derives the territory from a new country and normalises the phone with the lead's country", async () => {
    const { alice, manager } = await salesTenant(t);
    const nordics = await manager.sales.territories.create({ name: "Nordics", countries: ["SE", "NO", "DK", "FI"] });
    const lead = await alice.sales.leads.create({ lastName: "Nobel", country: "FR" });
    const moved = await alice.sales.leads.update(lead.id, { country: "se", phone: "08-123 456 78" });
    expect(moved).toMatchObject({ country: "SE", territoryId: nordics.id, phone: "+46812345678" });
    await expect(alice.sales.leads.update(lead.id, { phone: "1" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("assign gives a lead to a user, or routes it by the first matching rule", async () => {
    const { manager } = await salesTenant(t);
    await manager.sales.leadRules.create({
      name: "Partners",
      priority: 1,
      match: { sources: ["partner"] },
      strategy: "user",
      userIds: ["pat"],
    });
    await manager.sales.leadRules.create({ name: "Everything else", priority: 9, strategy: "user", userIds: ["eve"] });
    const fromPartner = await manager.sales.leads.create({ company: "Via partner", source: "partner" });
    const routed = await manager.sales.leads.assign(fromPartner.id);
    expect(routed.ownerId).toBe("pat");
    const other = await manager.sales.leads.create({ company: "Walk-in", source: "phone" });
    expect((await manager.sales.leads.assign(other.id)).ownerId).toBe("eve");
    expect((await manager.sales.leads.assign(other.id, { userId: "zoe" })).ownerId).toBe("zoe");
    const { alice } = await salesTenant(t);
    const own = await alice.sales.leads.create({ company: "Mine" });
    await expect(alice.sales.leads.assign(own.id, { userId: "bob" })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("round-robin spreads leads over the rule's users in turn; least-loaded picks the user with fewest open leads", async () => {
    const { manager, system } = await salesTenant(t);
    await manager.sales.leadRules.create({
      name: "Events round-robin",
      priority: 1,
      match: { sources: ["event"] },
      strategy: "round_robin",
      userIds: ["ann", "ben", "cal"],
    });
    const owners: (string | null)[] = [];
    for (let i = 0; i < 5; i++)
      owners.push((await system.sales.leads.create({ company: `Booth visitor ${i}`, source: "event" })).ownerId);
    expect(owners).toEqual(["ann", "ben", "cal", "ann", "ben"]);

    await manager.sales.leadRules.create({
      name: "Referrals to the least loaded",
      priority: 2,
      match: { sources: ["referral"] },
      strategy: "least_loaded",
      userIds: ["ann", "ben", "cal"],
    });
    // ann has 2 open event leads, ben 2, cal 1: cal is least loaded; then ann/ben/cal tie at 2 → ann (first).
    expect((await system.sales.leads.create({ company: "Ref 1", source: "referral" })).ownerId).toBe("cal");
    expect((await system.sales.leads.create({ company: "Ref 2", source: "referral" })).ownerId).toBe("ann");
  });

  it("rules match by country, territory and product interest; a territory rule without users uses the territory's reps", async () => {
    const { manager, system } = await salesTenant(t);
    const iberia = await manager.sales.territories.create({
      name: "Iberia",
      countries: ["ES", "PT"],
      userIds: ["ines"],
    });
    await manager.sales.leadRules.create({
      name: "Analytics in France",
      priority: 1,
      match: { countries: ["FR"], productInterests: ["analytics"] },
      strategy: "user",
      userIds: ["fred"],
    });
    await manager.sales.leadRules.create({
      name: "Iberia",
      priority: 2,
      match: { territoryIds: [iberia.id] },
      strategy: "round_robin",
    });
    await manager.sales.leadRules.create({
      name: "Inactive catch-all",
      priority: 0,
      active: false,
      strategy: "user",
      userIds: ["nobody"],
    });
    expect(
      (await system.sales.leads.create({ company: "A", country: "FR", productInterests: ["Analytics"] })).ownerId,
    ).toBe("fred");
    expect(
      (await system.sales.leads.create({ company: "B", country: "FR", productInterests: ["CRM"] })).ownerId,
    ).toBeNull();
    const lisbon = await system.sales.leads.create({ company: "C", country: "PT" });
    expect(lisbon).toMatchObject({ ownerId: "ines", territoryId: iberia.id });
  });

  it("updating a rule or a territory changes how the next leads are routed", async () => {
    const { manager, system } = await salesTenant(t);
    const benelux = await manager.sales.territories.create({
      name: "Benelux",
      countries: ["BE", "NL"],
      userIds: ["bas"],
    });
    const rule = await manager.sales.leadRules.create({
      name: "Benelux",
      match: { territoryIds: [benelux.id] },
      strategy: "user",
      userIds: ["bas"],
    });
    expect((await system.sales.leads.create({ company: "Lux SA", country: "LU" })).territoryId).toBeNull();
    await manager.sales.territories.update(benelux.id, { countries: ["BE", "NL", "LU"] }, { expectedVersion: 1 });
    expect(await system.sales.leads.create({ company: "Lux SA 2", country: "LU" })).toMatchObject({
      territoryId: benelux.id,
      ownerId: "bas",
      ruleId: rule.id,
    });
    await manager.sales.leadRules.update(rule.id, { active: false });
    expect(await system.sales.leads.create({ company: "Lux SA 3", country: "LU" })).toMatchObject({
      territoryId: benelux.id,
      ownerId: null,
      ruleId: null,
    });
  });

  it("lead rules and territories refuse bad input", async () => {
    const { tenantId, manager, alice } = await salesTenant(t);
    const cases: (() => Promise<unknown>)[] = [
      () => manager.sales.leadRules.create({ name: "Two users", strategy: "user", userIds: ["a", "b"] }),
      () =>
        manager.sales.leadRules.create({
          name: "Bad source",
          strategy: "none",
          match: { sources: ["smoke_signal" as never] },
        }),
      () => manager.sales.territories.create({ name: "Bad", countries: ["Germany"] }),
      () => manager.sales.territories.create({ name: "Twice", countries: ["DE", "DE"] }),
    ];
    for (const attempt of cases)
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () => alice.sales.territories.create({ name: "Mine" })),
    ).toBeInstanceOf(ForbiddenError);
  });

  it("get of an unknown lead is NotFoundError; archive hides it from lists", async () => {
    const { alice } = await salesTenant(t);
    await expect(alice.sales.leads.get("lead_01JDQ8Z6X4W3F2R5T7Y9B1N3M5")).rejects.toBeInstanceOf(NotFoundError);
    const lead = await alice.sales.leads.create({ company: "Gone soon", externalIds: { erp: "L-1" } });
    expect((await alice.sales.leads.findByExternalId("erp", "L-1"))?.id).toBe(lead.id);
    await alice.sales.leads.archive(lead.id);
    expect((await alice.sales.leads.list()).items).toHaveLength(0);
  });
});
