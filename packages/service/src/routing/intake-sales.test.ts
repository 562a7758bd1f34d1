import { useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";

describeEachAdapter("service intake with the sales module", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales(), service()] });

  it("hands a buying enquiry to sales as a lead, in the same transaction, idempotently", async () => {
    const tenantId = await t.tenant();
    const system = t.crm.system(tenantId);
    const request = {
      kind: "web_form",
      subject: "Pricing for 20 seats",
      message: "Please send a quote for the pro plan",
      customer: { name: "Ada Byron", email: "Ada@Analytical.example", company: "Analytical Ltd" },
      idempotencyKey: "form-42",
    } as const;
    const routed = await system.service.intake(request);
    expect(routed).toMatchObject({
      destination: "lead",
      caseId: null,
      ruleName: "Buying enquiries",
      leadId: expect.stringMatching(/^lead_/),
      note: null,
    });
    const lead = await system.sales.leads.get(routed.leadId ?? "");
    expect(lead).toMatchObject({
      email: "ada@analytical.example",
      firstName: "Ada",
      lastName: "Byron",
      company: "Analytical Ltd",
    });
    expect(await system.service.intake(request)).toMatchObject({ ...routed, replayed: true });
    expect((await system.sales.leads.list()).items).toHaveLength(1);
    expect((await system.service.cases.list()).items).toHaveLength(0);
  });

  it("lets a service agent without lead permissions file a buying enquiry: intake hands it to sales as the system", async () => {
    const tenantId = await t.tenant();
    const agent = t.as(tenantId, "sam", ["service_agent"]);
    const routed = await agent.service.intake({
      kind: "web_form",
      subject: "Pricing for 5 seats",
      message: "What does the pro plan cost?",
      customer: { name: "Grace Hopper", email: "grace@navy.example", company: "Navy" },
    });
    expect(routed).toMatchObject({ destination: "lead", leadId: expect.stringMatching(/^lead_/) });
    const lead = await t.crm.system(tenantId).sales.leads.get(routed.leadId ?? "");
    // The lead is the agent's doing: created by them, in the audit and the feed.
    expect(lead).toMatchObject({ email: "grace@navy.example", createdBy: "sam" });
  });

  it("logs an enquiry call against the lead", async () => {
    const tenantId = await t.tenant();
    const system = t.crm.system(tenantId);
    const routed = await system.service.intake({
      kind: "call",
      from: "+4930555123",
      to: "100",
      startedAt: "2026-03-02T08:55:00Z",
      durationSeconds: 300,
      notes: "Wants to buy 5 licences",
    });
    expect(routed).toMatchObject({ destination: "lead", leadId: expect.stringMatching(/^lead_/) });
    expect(await system.service.calls.get(routed.callId ?? "")).toMatchObject({ leadId: routed.leadId, caseId: null });
    const timeline = await system.activities.timeline({ type: "lead", id: routed.leadId ?? "" });
    expect(timeline.items.map((a) => a.kind)).toContain("call");
  });
});
