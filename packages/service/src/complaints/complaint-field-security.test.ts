import { ForbiddenError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("complaint register, summary and SLA under field-level security", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  /** A tenant with one complaint from "Globex Secret" about "Secret subject", and two roles that hide case fields. */
  async function complaintTenant() {
    t.clock.set("2026-03-02T09:00:00Z");
    const tenant = await serviceTenant(t);
    const { system, admin, tenantId } = tenant;
    const account = await admin.accounts.create({ name: "Globex Secret", type: "customer" });
    const complaint = await admin.service.cases.create({
      subject: "Secret subject",
      channel: "phone",
      type: "complaint",
      severity: "critical",
      rootCause: "delivery",
      accountId: account.id,
    });
    await system.roles.define({
      name: "discreet_manager",
      grants: { "*:*": "all" },
      hiddenFields: { case: ["subject", "severity"], account: ["name"] },
    });
    await system.roles.define({
      name: "clockless_manager",
      grants: { "*:*": "all" },
      hiddenFields: { case: ["status", "resolutionDueAt", "slaPolicyId"] },
    });
    return {
      ...tenant,
      account,
      complaint,
      discreet: t.as(tenantId, "dina", ["discreet_manager"]),
      clockless: t.as(tenantId, "cleo", ["clockless_manager"]),
    };
  }

  it("the register leaves out hidden case fields and the account name, and refuses a filter on a hidden field", async () => {
    const { admin, discreet, complaint, account } = await complaintTenant();
    const full = (await admin.service.complaints.register()).items;
    expect(full[0]).toMatchObject({ subject: "Secret subject", severity: "critical", accountName: "Globex Secret" });
    const page = await discreet.service.complaints.register();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ caseId: complaint.id, accountId: account.id, rootCause: "delivery" });
    for (const key of ["subject", "severity", "accountName"]) expect(page.items[0]).not.toHaveProperty(key);
    const text = JSON.stringify(page);
    for (const secret of ["Secret", "critical"]) expect(text).not.toContain(secret);
    const refused = await discreet.service.complaints.register({ severity: "critical" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).details).toMatchObject({ field: "severity", entityType: "case" });
    // A filter on a visible field still works.
    expect((await discreet.service.complaints.register({ rootCause: "delivery" })).items).toHaveLength(1);
  });

  it("the summary is refused when its grouping is hidden and leaves out a count made from a hidden field", async () => {
    const { admin, discreet, clockless } = await complaintTenant();
    expect(await admin.service.complaints.summary()).toEqual([
      { rootCause: "delivery", severity: "critical", received: 1, open: 1, escalated: 0, slaBreached: 0 },
    ]);
    const refused = await discreet.service.complaints.summary().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect((refused as ForbiddenError).details).toMatchObject({ field: "severity", entityType: "case" });
    expect(await clockless.service.complaints.summary()).toEqual([
      { rootCause: "delivery", severity: "critical", received: 1, escalated: 0, slaBreached: 0 },
    ]);
    const byState = await clockless.service.complaints.register({ state: "open" }).catch((e: unknown) => e);
    expect(byState).toBeInstanceOf(ForbiddenError);
    expect((await clockless.service.complaints.register()).items[0]).not.toHaveProperty("status");
  });

  it("cases.sla leaves out the policy and the clock whose case fields are hidden, as get does", async () => {
    const { admin, clockless, complaint } = await complaintTenant();
    const full = await admin.service.cases.sla(complaint.id);
    expect(full.policyId).not.toBeNull();
    expect(full.resolution?.dueAt).toEqual(expect.any(String));
    const seen = await clockless.service.cases.sla(complaint.id);
    expect(seen).not.toHaveProperty("policyId");
    expect(seen).not.toHaveProperty("resolution");
    expect(seen.firstResponse).toEqual(full.firstResponse);
    const record = await clockless.service.cases.get(complaint.id);
    expect(record).not.toHaveProperty("resolutionDueAt");
    expect(JSON.stringify(seen)).not.toContain(full.resolution?.dueAt ?? "never");
  });
});
