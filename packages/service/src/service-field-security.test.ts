import { ForbiddenError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "./service-module.js";
import { serviceTenant } from "./testing/service-fixtures.js";

describeEachAdapter("service reads outside get/list under field-level security and record scope", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("entitlements.usage leaves out figures made of hidden fields and needs read access to the entitlement", async () => {
    t.clock.set("2026-03-02T09:00:00Z");
    const { tenantId, system, admin } = await serviceTenant(t);
    const account = await admin.accounts.create({ name: "Covered Inc", type: "customer" });
    const contract = await admin.service.contracts.create({
      accountId: account.id,
      name: "Support 2026",
      startDate: "2026-01-01",
      endDate: "2026-12-31",
    });
    const entitlement = await admin.service.entitlements.create({
      contractId: contract.id,
      name: "37 incidents",
      unitKind: "incidents",
      unitsTotal: 37,
    });
    await admin.service.cases.create({ subject: "One", channel: "phone", accountId: account.id });
    await system.roles.define({
      name: "totalless",
      grants: { "*:*": "all" },
      hiddenFields: { entitlement: ["unitsTotal"] },
    });
    const blind = t.as(tenantId, "tom", ["totalless"]);
    expect(await admin.service.entitlements.usage(entitlement.id)).toMatchObject({
      unitsTotal: 37,
      unitsRemaining: 36,
    });
    const usage = await blind.service.entitlements.usage(entitlement.id);
    expect(usage).toEqual({ entitlementId: entitlement.id, unitKind: "incidents", unitsUsed: 1 });
    expect(await blind.service.entitlements.get(entitlement.id)).not.toHaveProperty("unitsTotal");
    // A role that reads only its own entitlements reads no one else's usage.
    await system.roles.define({ name: "own_only", grants: { "entitlement:read": "own" } });
    const stranger = t.as(tenantId, "sam", ["own_only"]);
    await expect(stranger.service.entitlements.get(entitlement.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(stranger.service.entitlements.usage(entitlement.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  /** A tenant whose general queue hands cases to pia, and rob, whose role hides a case's queue and owner. */
  async function routelessTenant() {
    t.clock.set("2026-03-02T09:00:00Z");
    const tenant = await serviceTenant(t);
    await tenant.admin.service.queues.addMember(tenant.general.id, { userId: "pia" });
    await tenant.system.roles.define({
      name: "routeless",
      grants: { "*:*": "all" },
      hiddenFields: { case: ["queueId", "ownerId"] },
    });
    return { ...tenant, blind: t.as(tenant.tenantId, "rob", ["routeless"]) };
  }

  it("intakes.get leaves out the queue and agent when the case's queueId and ownerId are hidden", async () => {
    const { system, general, blind } = await routelessTenant();
    const routed = await system.service.intake({ kind: "web_form", subject: "Help", message: "Please" });
    expect(routed).toMatchObject({ queueId: general.id, agentId: "pia", destination: "case" });
    const read = await blind.service.intakes.get(routed.intakeId);
    expect(read).toMatchObject({ intakeId: routed.intakeId, caseId: routed.caseId, destination: "case" });
    expect(read).not.toHaveProperty("queueId");
    expect(read).not.toHaveProperty("agentId");
    expect(JSON.stringify(read)).not.toContain(general.id);
    const seenCase = await blind.service.cases.get(routed.caseId ?? "");
    expect(seenCase).not.toHaveProperty("queueId");
  });

  it("a role that hides case.queueId and ownerId files intakes and cases: the routing is the verb's, not the caller's input", async () => {
    const { system, general, blind } = await routelessTenant();
    const routed = await blind.service.intake({ kind: "web_form", subject: "Help", message: "Please" });
    expect(routed).toMatchObject({ destination: "case" });
    // The intake's own answer names no queue or agent the caller's roles hide.
    expect(routed).not.toHaveProperty("queueId");
    expect(routed).not.toHaveProperty("agentId");
    expect((await system.service.cases.get(routed.caseId ?? "")).queueId).toBe(general.id);
    const created = await blind.service.cases.create({ subject: "Printer jams", channel: "phone" });
    expect(created).toMatchObject({ subject: "Printer jams", status: "new" });
    expect(created).not.toHaveProperty("queueId");
    expect(created).not.toHaveProperty("ownerId");
    // What the caller sends is still held to their field rules.
    await expect(
      blind.service.cases.create({ subject: "Mine to route", channel: "phone", queueId: general.id }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});
