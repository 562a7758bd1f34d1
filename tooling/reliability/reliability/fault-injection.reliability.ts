import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { InjectedFault } from "../src/fault-injecting-adapter.js";
import { tally } from "../src/figures.js";
import { type FaultyCrm, useFaultyCrm } from "../src/reliability-crm.js";
import { stateChanges, tenantState } from "../src/tenant-state.js";

type Client = ReturnType<FaultyCrm["as"]>;

/** A mutating verb: `prepare` makes what it needs (committed, before the fault is armed) and returns the call. */
interface MutatingVerb {
  readonly name: string;
  prepare(client: Client, n: number): Promise<() => Promise<unknown>>;
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}-${++sequence}`;

async function anAccount(client: Client) {
  return client.accounts.create({ name: unique("Account"), type: "customer" });
}

async function anOpportunity(client: Client, fields: { amount?: number; closeDate?: string } = {}) {
  const account = await anAccount(client);
  return client.sales.opportunities.create({
    name: unique("Deal"),
    accountId: account.id,
    ...(fields.amount === undefined ? {} : { amount: fields.amount, currency: "EUR" }),
    ...(fields.closeDate === undefined ? {} : { closeDate: fields.closeDate }),
  });
}

async function aDraftQuote(client: Client) {
  const account = await anAccount(client);
  const product = await client.products.create({ name: unique("Product"), sku: unique("SKU") });
  return client.sales.quotes.create({
    accountId: account.id,
    currency: "EUR",
    lines: [{ productId: product.id, quantity: 2, unitPrice: 10_000 }],
  });
}

const VERBS: readonly MutatingVerb[] = [
  {
    name: "accounts.create",
    prepare: async (c) => () => c.accounts.create({ name: unique("New"), externalIds: { erp: unique("E") } }),
  },
  {
    name: "accounts.update",
    prepare: async (c) => {
      const a = await anAccount(c);
      return () => c.accounts.update(a.id, { industry: unique("Industry") }, { expectedVersion: a.version });
    },
  },
  {
    name: "accounts.archive",
    prepare: async (c) => {
      const a = await anAccount(c);
      return () => c.accounts.archive(a.id);
    },
  },
  {
    name: "accounts.createMany",
    prepare: async (c) => () =>
      c.accounts.createMany(
        Array.from({ length: 3 }, () => ({ name: unique("Batch"), externalIds: { erp: unique("B") } })),
      ),
  },
  {
    name: "contacts.create",
    prepare: async (c) => {
      const a = await anAccount(c);
      return () =>
        c.contacts.create({
          accountId: a.id,
          lastName: unique("Doe"),
          emails: [{ type: "work", value: `${unique("x")}@example.com`, primary: true }],
        });
    },
  },
  {
    name: "contacts.update",
    prepare: async (c) => {
      const contact = await c.contacts.create({ lastName: unique("Doe") });
      return () => c.contacts.update(contact.id, { title: unique("Title") });
    },
  },
  {
    name: "contacts.archive",
    prepare: async (c) => {
      const contact = await c.contacts.create({ lastName: unique("Doe") });
      return () => c.contacts.archive(contact.id);
    },
  },
  {
    name: "contacts.createMany",
    prepare: async (c) => () => c.contacts.createMany([{ lastName: unique("One") }, { lastName: unique("Two") }]),
  },
  {
    name: "opportunities.create",
    prepare: async (c) => {
      const a = await anAccount(c);
      return () =>
        c.sales.opportunities.create({ name: unique("Deal"), accountId: a.id, amount: 1_000, currency: "EUR" });
    },
  },
  {
    name: "opportunities.update",
    prepare: async (c) => {
      const o = await anOpportunity(c);
      return () => c.sales.opportunities.update(o.id, { nextStep: unique("Step"), amount: 5_000, currency: "EUR" });
    },
  },
  {
    name: "opportunities.archive",
    prepare: async (c) => {
      const o = await anOpportunity(c);
      return () => c.sales.opportunities.archive(o.id);
    },
  },
  {
    name: "opportunities.createMany",
    prepare: async (c) => {
      const a = await anAccount(c);
      return () =>
        c.sales.opportunities.createMany([
          { name: unique("Deal"), accountId: a.id },
          { name: unique("Deal"), accountId: a.id },
        ]);
    },
  },
  {
    name: "opportunities.moveStage",
    prepare: async (c) => {
      const o = await anOpportunity(c, { amount: 1_000 });
      return () => c.sales.opportunities.moveStage(o.id, "evaluation");
    },
  },
  {
    name: "opportunities.win",
    prepare: async (c) => {
      const o = await anOpportunity(c, { amount: 1_000, closeDate: "2026-03-31" });
      return () => c.sales.opportunities.win(o.id);
    },
  },
  {
    name: "opportunities.lose",
    prepare: async (c) => {
      const o = await anOpportunity(c);
      const reason = (await c.sales.lostReasons.list()).items[0];
      if (!reason) throw new Error("The tenant has no lost reasons");
      return () => c.sales.opportunities.lose(o.id, { reasonId: reason.id });
    },
  },
  {
    name: "quotes.create",
    prepare: async (c) => {
      const a = await anAccount(c);
      const product = await c.products.create({ name: unique("Product"), sku: unique("SKU") });
      return () =>
        c.sales.quotes.create({
          accountId: a.id,
          currency: "EUR",
          lines: [{ productId: product.id, quantity: 1, unitPrice: 500 }],
        });
    },
  },
  {
    name: "quotes.send",
    prepare: async (c) => {
      const q = await aDraftQuote(c);
      return () => c.sales.quotes.send(q.id);
    },
  },
  {
    name: "quotes.accept",
    prepare: async (c) => {
      const q = await aDraftQuote(c);
      await c.sales.quotes.send(q.id);
      return () => c.sales.quotes.accept(q.id);
    },
  },
  {
    name: "cases.create",
    prepare: async (c) => () => c.service.cases.create({ subject: unique("Broken"), channel: "email" }),
  },
  {
    name: "cases.open",
    prepare: async (c) => {
      const k = await c.service.cases.create({ subject: unique("Broken"), channel: "email" });
      return () => c.service.cases.open(k.id);
    },
  },
  {
    name: "cases.close",
    prepare: async (c) => {
      const k = await c.service.cases.create({ subject: unique("Broken"), channel: "email" });
      await c.service.cases.resolve(k.id);
      return () => c.service.cases.close(k.id);
    },
  },
  {
    name: "marketing.consents.record",
    prepare: async (c) => {
      const contact = await c.contacts.create({ lastName: unique("Doe") });
      return () =>
        c.marketing.consents.record({
          subject: { type: "contact", id: contact.id },
          channel: "email",
          status: "granted",
          source: "form",
        });
    },
  },
  {
    name: "marketing.consents.requestOptIn",
    prepare: async (c) => {
      const contact = await c.contacts.create({ lastName: unique("Doe") });
      const subject = { type: "contact", id: contact.id } as const;
      await c.marketing.consents.record({ subject, channel: "email", status: "withdrawn", source: "form" });
      return () => c.marketing.consents.requestOptIn({ subject, channel: "email", source: "newsletter" });
    },
  },
  {
    name: "marketing.templates.create",
    prepare: async (c) => () =>
      c.marketing.templates.create({
        name: unique("Template"),
        subject: "Hi {{ contact.firstName }}",
        html: "<p>Hi</p>",
      }),
  },
];

/** Stops a verb that never completes however late its fault comes (a statement loop). */
const MAX_STATEMENTS = 200;

describeEachAdapter("a statement failing anywhere in a verb leaves no partial write and no event", (target) => {
  const t = useFaultyCrm(target);

  for (const verb of VERBS) {
    it(`${verb.name}: fails at every statement N`, async () => {
      const tenantId = await t.tenant();
      const client = t.as(tenantId, "ada", ["admin"]);
      const figure = tally(`fault at every statement: ${verb.name}`, target.name);
      const delivered: string[] = [];
      const off = t.crm.on("*", (event) => {
        if (event.tenantId === tenantId) delivered.push(event.type);
      });
      try {
        let statements = 0;
        for (let n = 1; n <= MAX_STATEMENTS; n++) {
          const run = await verb.prepare(client, n);
          const before = await tenantState(t.adapter, tenantId);
          delivered.length = 0;
          t.faults.arm(n);
          let failure: unknown;
          try {
            await run();
          } catch (error) {
            failure = error;
          } finally {
            statements = t.faults.disarm();
          }
          // Handlers run after commit; give any stray delivery a turn to show up.
          await new Promise((resolve) => setImmediate(resolve));
          const after = await tenantState(t.adapter, tenantId);
          if (statements < n) {
            // The verb finished before its N-th statement: every N has been tried.
            const wrote = stateChanges(before, after) !== "";
            if (failure !== undefined || !wrote || delivered.length === 0) {
              figure.record(
                false,
                `the clean run (${statements} statements) ${failure ? `failed: ${String(failure)}` : "wrote or emitted nothing"}`,
              );
            }
            break;
          }
          const changed = stateChanges(before, after);
          if (failure === undefined) {
            figure.record(
              false,
              `statement ${n} failed but the call resolved (${changed || "nothing written"}; events ${delivered.join(", ")})`,
            );
          } else {
            const held =
              failure instanceof InjectedFault || (failure as { cause?: unknown }).cause instanceof InjectedFault;
            const problems = [
              changed ? `wrote ${changed}` : "",
              delivered.length > 0 ? `emitted ${delivered.join(", ")}` : "",
              held ? "" : `reported ${String(failure).slice(0, 100)} instead of the fault`,
            ].filter(Boolean);
            figure.record(problems.length === 0, `statement ${n}: ${problems.join("; ")}`);
          }
        }
        if (statements >= MAX_STATEMENTS) figure.record(false, `still running at statement ${MAX_STATEMENTS}`);
      } finally {
        off();
      }
      figure.save();
      expect(figure.attempts, "every statement of the verb was failed once").toBeGreaterThan(0);
      expect(figure.violated, figure.report()).toBe(0);
    });
  }
});
