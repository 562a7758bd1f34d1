import { CrmError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, type TestCrm, useTestCrm } from "@rapport/core/testing";
import { type SalesModule, sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { type ServiceModule, service } from "./service-module.js";

type Crm = TestCrm<readonly [SalesModule, ServiceModule]>;
type Client = ReturnType<Crm["as"]>;

const aCaseInput = { subject: "Printer jams", channel: "phone" } as const;

const aCall = {
  direction: "inbound",
  from: "+4930123456",
  to: "200",
  startedAt: "2026-03-02T09:15:00.000Z",
  durationSeconds: 60,
} as const;

/** One tenant's records that another tenant's inputs will name. */
async function aWorld(t: Crm) {
  const tenantId = await t.tenant();
  const system = t.crm.system(tenantId);
  const account = await system.accounts.create({ name: "Globex", type: "customer" });
  const contact = await system.contacts.create({ firstName: "Pat", lastName: "Doe", accountId: account.id });
  const product = await system.products.create({ sku: "PRINTER", name: "Printer" });
  const lead = await system.sales.leads.create({ lastName: "Babbage", company: "Engines" });
  const [queue] = (await system.service.queues.list()).items;
  const [calendar] = (await system.service.calendars.list()).items;
  const policy = await system.service.slaPolicies.getDefault();
  const contract = await system.service.contracts.create({
    accountId: account.id,
    name: "Support",
    startDate: "2026-01-01",
    endDate: "2026-12-31",
  });
  const entitlement = await system.service.entitlements.create({
    contractId: contract.id,
    name: "10 incidents",
    unitKind: "incidents",
    unitsTotal: 10,
  });
  const aCase = await system.service.cases.create({ ...aCaseInput, accountId: account.id });
  return {
    tenantId,
    system,
    account,
    contact,
    product,
    lead,
    queueId: queue?.id ?? "",
    calendarId: calendar?.id ?? "",
    policyId: policy?.id ?? "",
    contract,
    entitlement,
    aCase,
  };
}
type World = Awaited<ReturnType<typeof aWorld>>;

/** A well-formed id of the same kind as `id` that names nothing. */
function missing(id: string): string {
  return `${id.slice(0, id.indexOf("_"))}_00000000000000000000000000`;
}

type Case = readonly [
  name: string,
  run: (client: Client, here: World, linked: (id: string) => string, other: World) => Promise<unknown>,
];

const window = { windowStart: "2026-03-03T08:00:00.000Z", windowEnd: "2026-03-03T16:00:00.000Z", durationMinutes: 60 };

const CASES: readonly Case[] = [
  ["cases.create accountId", (c, _h, l, o) => c.service.cases.create({ ...aCaseInput, accountId: l(o.account.id) })],
  ["cases.create contactId", (c, _h, l, o) => c.service.cases.create({ ...aCaseInput, contactId: l(o.contact.id) })],
  ["cases.create productId", (c, _h, l, o) => c.service.cases.create({ ...aCaseInput, productId: l(o.product.id) })],
  ["cases.create queueId", (c, _h, l, o) => c.service.cases.create({ ...aCaseInput, queueId: l(o.queueId) })],
  [
    "cases.create entitlementId",
    (c, h, l, o) =>
      c.service.cases.create({ ...aCaseInput, accountId: h.account.id, entitlementId: l(o.entitlement.id) }),
  ],
  ["cases.update accountId", (c, h, l, o) => c.service.cases.update(h.aCase.id, { accountId: l(o.account.id) })],
  ["cases.update contactId", (c, h, l, o) => c.service.cases.update(h.aCase.id, { contactId: l(o.contact.id) })],
  ["cases.update productId", (c, h, l, o) => c.service.cases.update(h.aCase.id, { productId: l(o.product.id) })],
  ["cases.assign queueId", (c, h, l, o) => c.service.cases.assign(h.aCase.id, { queueId: l(o.queueId) })],
  ["calls.create accountId", (c, _h, l, o) => c.service.calls.create({ ...aCall, accountId: l(o.account.id) })],
  ["calls.create contactId", (c, _h, l, o) => c.service.calls.create({ ...aCall, contactId: l(o.contact.id) })],
  ["calls.create caseId", (c, _h, l, o) => c.service.calls.create({ ...aCall, caseId: l(o.aCase.id) })],
  ["calls.create leadId", (c, _h, l, o) => c.service.calls.create({ ...aCall, leadId: l(o.lead.id) })],
  [
    "contracts.create accountId",
    (c, _h, l, o) =>
      c.service.contracts.create({
        accountId: l(o.account.id),
        name: "X",
        startDate: "2026-01-01",
        endDate: "2026-12-31",
      }),
  ],
  [
    "entitlements.create contractId",
    (c, _h, l, o) =>
      c.service.entitlements.create({ contractId: l(o.contract.id), name: "X", unitKind: "incidents", unitsTotal: 1 }),
  ],
  [
    "entitlements.create accountId",
    (c, _h, l, o) =>
      c.service.entitlements.create({
        accountId: l(o.account.id),
        name: "X",
        startDate: "2026-01-01",
        endDate: "2026-12-31",
        unitKind: "incidents",
        unitsTotal: 1,
      }),
  ],
  [
    "entitlements.create productId",
    (c, h, l, o) =>
      c.service.entitlements.create({
        contractId: h.contract.id,
        productId: l(o.product.id),
        name: "X",
        unitKind: "incidents",
        unitsTotal: 1,
      }),
  ],
  [
    "entitlements.create calendarId",
    (c, h, l, o) =>
      c.service.entitlements.create({
        contractId: h.contract.id,
        calendarId: l(o.calendarId),
        name: "X",
        unitKind: "incidents",
        unitsTotal: 1,
      }),
  ],
  [
    "entitlements.create slaPolicyId",
    (c, h, l, o) =>
      c.service.entitlements.create({
        contractId: h.contract.id,
        slaPolicyId: l(o.policyId),
        name: "X",
        unitKind: "incidents",
        unitsTotal: 1,
      }),
  ],
  [
    "technicians.create calendarId",
    (c, _h, l, o) => c.service.technicians.create({ name: "Tom", userId: "tom", calendarId: l(o.calendarId) }),
  ],
  [
    "workOrders.create caseId",
    (c, _h, l, o) => c.service.workOrders.create({ caseId: l(o.aCase.id), location: { city: "Berlin" }, ...window }),
  ],
  [
    "workOrders.create accountId",
    (c, _h, l, o) =>
      c.service.workOrders.create({
        title: "Fix",
        accountId: l(o.account.id),
        location: { city: "Berlin" },
        ...window,
      }),
  ],
  [
    "slaPolicies.create calendarId",
    (c, _h, l, o) =>
      c.service.slaPolicies.create({
        name: "Gold",
        calendarId: l(o.calendarId),
        targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 } },
      }),
  ],
  [
    "complaints.rules.create queueId",
    (c, _h, l, o) =>
      c.service.complaints.rules.create({
        name: "X",
        trigger: "created",
        severities: ["critical"],
        toLevel: "manager",
        queueId: l(o.queueId),
      }),
  ],
  [
    "routing.ruleSets.create calendarId",
    (c, h, l, o) =>
      c.service.routing.ruleSets.create({
        name: "X",
        calendarId: l(o.calendarId),
        fallback: { kind: "queue", queueId: h.queueId },
      }),
  ],
  [
    "routing.ruleSets.create fallback queueId",
    (c, _h, l, o) =>
      c.service.routing.ruleSets.create({ name: "X", fallback: { kind: "queue", queueId: l(o.queueId) } }),
  ],
  [
    "intake accountId",
    (c, _h, l, o) =>
      c.service.intake({ kind: "email", from: "ada@example.com", subject: "X", body: "Y", accountId: l(o.account.id) }),
  ],
  [
    "intake contactId",
    (c, _h, l, o) =>
      c.service.intake({ kind: "email", from: "ada@example.com", subject: "X", body: "Y", contactId: l(o.contact.id) }),
  ],
  [
    "intake productId",
    (c, _h, l, o) =>
      c.service.intake({ kind: "email", from: "ada@example.com", subject: "X", body: "Y", productId: l(o.product.id) }),
  ],
];

describeEachAdapter("service links to records of another tenant, or to none", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales(), service()] });

  for (const [name, run] of CASES) {
    for (const kind of ["another tenant's", "a missing"] as const) {
      it(`${name}: ${kind} id is refused (ValidationError or NotFoundError) and writes nothing`, async () => {
        const here = await aWorld(t);
        const other = await aWorld(t);
        const linked = kind === "a missing" ? missing : (id: string) => id;
        const error = await expectNothingWritten(t.adapter, here.tenantId, () => run(here.system, here, linked, other));
        expect(error).toBeInstanceOf(CrmError);
        // The refusal must be about the link, not some other problem of the input.
        const field = /\b(\w+Id)\b/.exec(name)?.[1] ?? "";
        if (error instanceof ValidationError) {
          expect(error.issues.map((issue) => issue.path.join("."))).toContainEqual(expect.stringContaining(field));
        } else {
          expect(error).toBeInstanceOf(NotFoundError);
        }
      });
    }
  }
});
