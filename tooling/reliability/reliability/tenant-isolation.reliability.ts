import { CrmError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { tally } from "../src/figures.js";
import { type ReliabilityClient, type ReliabilityCrm, useReliabilityCrm } from "../src/reliability-crm.js";
import { stateChanges, type TenantState, tenantState } from "../src/tenant-state.js";

/** Attempts per adapter; two adapters make over 10,000. */
const ATTEMPTS = Number(process.env.RAPPORT_RELIABILITY_ISOLATION ?? 5_200);

/** The same user ids exist in both tenants, so an own/team scope keyed by user id alone would leak. */
const USERS = ["ada", "bob", "cy"] as const;
const ROLES = ["admin", "sales_manager", "sales_rep", "service_agent"] as const;

/** Tenant B's records, which tenant A's clients try to reach. */
interface Victim {
  readonly tenantId: string;
  readonly ids: ReadonlySet<string>;
  readonly accounts: readonly string[];
  readonly contacts: readonly string[];
  readonly opportunities: readonly string[];
  readonly quotes: readonly string[];
  readonly cases: readonly string[];
  readonly leads: readonly string[];
  readonly pipelineId: string;
  readonly productId: string;
  readonly priceBookId: string;
  readonly externalIds: readonly string[];
  /** Cursors B's own lists handed out. */
  readonly cursors: Readonly<Record<"accounts" | "opportunities" | "cases", string>>;
}

/** One attempt on tenant B from a client of tenant A; resolves to what leaked, or `null`. */
type Attack = (
  a: ReliabilityClient,
  v: Victim,
  t: ReliabilityCrm,
  actor: { tenantId: string; userId: string; roles: string[] },
) => Promise<string | null>;

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;
const leakedIds = (v: Victim, items: readonly { id: string }[]) =>
  items.filter((item) => v.ids.has(item.id)).map((i) => i.id);
const listLeak = (v: Victim, page: { items: readonly { id: string }[] }) => {
  const leaked = leakedIds(v, page.items);
  return leaked.length > 0 ? `listed ${leaked.join(", ")}` : null;
};
const resolved = (what: string) => async (p: Promise<unknown>) => {
  await p;
  return `${what} succeeded`;
};

/** Every way in, by id, link, filter, cursor, history, report and restrict(). */
const ATTACKS: Readonly<Record<string, (i: number) => Attack>> = {
  "get by id": (i) => (a, v) => {
    const calls = [
      () => a.accounts.get(pick(v.accounts, i)),
      () => a.contacts.get(pick(v.contacts, i)),
      () => a.sales.opportunities.get(pick(v.opportunities, i)),
      () => a.sales.quotes.get(pick(v.quotes, i)),
      () => a.service.cases.get(pick(v.cases, i)),
      () => a.sales.leads.get(pick(v.leads, i)),
      () => a.sales.opportunities.stageHistory(pick(v.opportunities, i)),
      () => a.sales.quotes.lines(pick(v.quotes, i)),
      () => a.sales.opportunities.team(pick(v.opportunities, i)),
    ];
    return resolved(`get call #${i % calls.length}`)(pick(calls, i)());
  },
  "write by id": (i) => (a, v) => {
    const calls = [
      () => a.accounts.update(pick(v.accounts, i), { industry: "pwned" }),
      () => a.accounts.archive(pick(v.accounts, i)),
      () => a.contacts.update(pick(v.contacts, i), { title: "pwned" }),
      () => a.sales.opportunities.update(pick(v.opportunities, i), { nextStep: "pwned" }),
      () => a.sales.opportunities.moveStage(pick(v.opportunities, i), "interest"),
      () => a.sales.quotes.send(pick(v.quotes, i)),
      () => a.service.cases.update(pick(v.cases, i), { subject: "pwned" }),
      () => a.service.cases.comment(pick(v.cases, i), { body: "pwned" }),
      () => a.sales.leads.update(pick(v.leads, i), { company: "pwned" }),
      () => a.sales.opportunities.addNote(pick(v.opportunities, i), { body: "pwned" }),
    ];
    return resolved(`write call #${i % calls.length}`)(pick(calls, i)());
  },
  "link to another tenant's record": (i) => (a, v) => {
    const calls = [
      () => a.contacts.create({ lastName: "Linked", accountId: pick(v.accounts, i) }),
      () => a.accounts.create({ name: "Child", parentId: pick(v.accounts, i) }),
      () => a.sales.opportunities.create({ name: "Linked", accountId: pick(v.accounts, i) }),
      () => a.service.cases.create({ subject: "Linked", channel: "email", accountId: pick(v.accounts, i) }),
      () => a.service.cases.create({ subject: "Linked", channel: "email", contactId: pick(v.contacts, i) }),
      () => a.sales.quotes.create({ accountId: pick(v.accounts, i), currency: "EUR" }),
      () => a.sales.opportunities.create({ name: "Linked", accountId: pick(v.accounts, i), pipelineId: v.pipelineId }),
      () =>
        a.activities.create({
          kind: "task",
          subject: "Linked",
          relatedTo: { type: "account", id: pick(v.accounts, i) },
        } as never),
    ];
    return resolved(`link call #${i % calls.length}`)(pick(calls, i)());
  },
  "link to another tenant's price book or product": (i) => async (a, v) => {
    const own = (await a.accounts.list({ limit: 1 })).items[0] ?? (await a.accounts.create({ name: "Own" }));
    const calls = [
      () => a.sales.quotes.create({ accountId: own.id, currency: "EUR", priceBookId: v.priceBookId }),
      () =>
        a.sales.quotes.create({
          accountId: own.id,
          currency: "EUR",
          lines: [{ productId: v.productId, quantity: 1, unitPrice: 1 }],
        }),
    ];
    return resolved(i % 2 === 0 ? "quote with tenant B's price book" : "quote line with tenant B's product")(
      pick(calls, i)(),
    );
  },
  "filter on another tenant's ids": (i) => async (a, v) => {
    const op = pick(["eq", "in", "startsWith", "gte"] as const, i);
    const id = pick([...v.ids], i);
    const value = op === "in" ? [...v.ids] : op === "startsWith" ? id.slice(0, 4) : id;
    const options = { filter: [{ field: "id", op, value }], includeArchived: true } as never;
    const lists = [
      () => a.accounts.list(options),
      () => a.contacts.list(options),
      () => a.sales.opportunities.list(options),
      () => a.service.cases.list(options),
      () => a.sales.leads.list(options),
      () => a.sales.quotes.list(options),
    ];
    return listLeak(v, await pick(lists, i)());
  },
  "another tenant's cursor": (i) => async (a, v) => {
    const lists = [
      () => a.accounts.list({ cursor: v.cursors.accounts, includeArchived: true }),
      () => a.sales.opportunities.list({ cursor: v.cursors.opportunities }),
      () => a.service.cases.list({ cursor: v.cursors.cases }),
    ];
    return listLeak(v, await pick(lists, i)());
  },
  "external id": (i) => async (a, v) => {
    const found = await a.accounts.findByExternalId("erp", pick(v.externalIds, i));
    return found ? `found ${found.id}` : null;
  },
  "audit history": (i) => async (a, v) => {
    const targets: [string, readonly string[]][] = [
      ["account", v.accounts],
      ["contact", v.contacts],
      ["opportunity", v.opportunities],
      ["quote", v.quotes],
      ["case", v.cases],
      ["lead", v.leads],
    ];
    const [type, ids] = pick(targets, i);
    const page = await a.audit.history(type, pick(ids, i));
    return page.items.length > 0 ? `history of ${type} ${page.items[0]?.entityId}` : null;
  },
  timeline: (i) => async (a, v) => {
    const page = await a.activities.timeline({ type: "account", id: pick(v.accounts, i) });
    return page.items.length > 0 ? `timeline item ${page.items[0]?.id}` : null;
  },
  report: (i) => async (a, v) => {
    const kind = i % 4;
    if (kind === 0 || kind === 1) {
      const rows = await a.sales.reports.pipelineByStage({
        currency: "EUR",
        ...(kind === 1 ? { pipelineId: v.pipelineId } : {}),
      });
      const counted = rows.filter((r) => r.count > 0 || (r.amount ?? 0) > 0);
      return counted.length > 0
        ? `pipelineByStage counted ${counted.map((r) => `${r.stageKey}:${r.count}`).join(", ")}`
        : null;
    }
    if (kind === 2) {
      const rows = await a.sales.reports.winRates({
        currency: "EUR",
        from: "2000-01-01T00:00:00Z",
        to: "2100-01-01T00:00:00Z",
      });
      const counted = rows.filter((r) => r.won + r.lost > 0);
      return counted.length > 0 ? `winRates counted ${counted.length} owners` : null;
    }
    const pareto = await a.sales.reports.accountPareto({ currency: "EUR" });
    return pareto.total > 0 || pareto.accounts.length > 0 ? `accountPareto total ${pareto.total}` : null;
  },
  "restrict()": (i) => async (_a, v, t, actor) => {
    const targets = [
      ["opportunity:read", "sales_opportunities"],
      ["account:read", "accounts"],
      ["case:read", "service_cases"],
      ["contact:read", "contacts"],
    ] as const;
    const [permission, table] = pick(targets, i);
    const query = await t.crm.restrict(actor, permission, t.adapter.db.selectFrom(table).selectAll());
    const rows = (await query.execute()) as { tenant_id: string; id: string }[];
    const foreign = rows.filter((r) => r.tenant_id === v.tenantId);
    return foreign.length > 0 ? `restrict(${permission}) returned ${foreign.length} of tenant B's ${table}` : null;
  },
};

async function victimOf(t: ReliabilityCrm): Promise<Victim> {
  const tenantId = await t.tenant();
  const system = t.crm.system(tenantId);
  const owners = USERS.map((u) => t.as(tenantId, u, ["sales_manager"]));
  const accounts: string[] = [];
  const contacts: string[] = [];
  const opportunities: string[] = [];
  const externalIds: string[] = [];
  for (const [n, owner] of owners.entries()) {
    const account = await owner.accounts.create({
      name: `Secret ${n}`,
      type: "customer",
      externalIds: { erp: `B-${n}` },
    });
    externalIds.push(`B-${n}`);
    accounts.push(account.id);
    contacts.push((await owner.contacts.create({ lastName: `Secret ${n}`, accountId: account.id })).id);
    const open = await owner.sales.opportunities.create({
      name: `Open ${n}`,
      accountId: account.id,
      amount: 10_000,
      currency: "EUR",
    });
    const won = await owner.sales.opportunities.create({
      name: `Won ${n}`,
      accountId: account.id,
      amount: 20_000,
      currency: "EUR",
      closeDate: "2026-03-01",
    });
    await owner.sales.opportunities.win(won.id);
    await owner.activities.create({
      kind: "task",
      subject: "Secret task",
      relatedTo: { type: "account", id: account.id },
    } as never);
    opportunities.push(open.id, won.id);
  }
  const product = await system.products.create({ name: "Secret product", sku: "SECRET-1" });
  const priceBook =
    (await system.priceBooks.list()).items[0] ??
    (await system.priceBooks.create({ name: "Secret book", currency: "EUR" } as never));
  const quote = await system.sales.quotes.create({
    accountId: accounts[0] as string,
    currency: "EUR",
    lines: [{ productId: product.id, quantity: 1, unitPrice: 100 }],
  });
  const supportCase = await system.service.cases.create({
    subject: "Secret case",
    channel: "email",
    accountId: accounts[0] as string,
  });
  const secondCase = await system.service.cases.create({ subject: "Secret case 2", channel: "web" });
  const lead = await system.sales.leads.create({ lastName: "Secret", company: "Secret Ltd" });
  const pipeline = (await system.sales.pipelines.list()).items[0];
  if (!pipeline) throw new Error("Tenant B has no pipeline");
  const cursor = async (page: Promise<{ nextCursor?: string | null }>) => {
    const next = (await page).nextCursor;
    if (!next) throw new Error("Tenant B's list handed out no cursor");
    return next;
  };
  const quotes = [quote.id];
  const cases = [supportCase.id, secondCase.id];
  const leads = [lead.id];
  return {
    tenantId,
    ids: new Set([...accounts, ...contacts, ...opportunities, ...quotes, ...cases, ...leads, product.id, priceBook.id]),
    accounts,
    contacts,
    opportunities,
    quotes,
    cases,
    leads,
    pipelineId: pipeline.id,
    productId: product.id,
    priceBookId: priceBook.id,
    externalIds,
    cursors: {
      accounts: await cursor(system.accounts.list({ limit: 1 })),
      opportunities: await cursor(system.sales.opportunities.list({ limit: 1 })),
      cases: await cursor(system.service.cases.list({ limit: 1, includeArchived: true })),
    },
  };
}

describeEachAdapter("no call of one tenant reaches another's records", (target) => {
  const t = useReliabilityCrm(target);
  const state = {} as { victim: Victim; intruderTenant: string; before: TenantState };

  beforeAll(async () => {
    state.victim = await victimOf(t);
    state.intruderTenant = await t.tenant();
    state.before = await tenantState(t.adapter, state.victim.tenantId);
  });

  it(`${ATTEMPTS} attempts by id, link, filter, cursor, history, report and restrict(): 0 successes`, async () => {
    const figures = new Map(
      Object.keys(ATTACKS).map((name) => [name, tally(`tenant isolation: ${name}`, target.name)]),
    );
    const plans = fc.sample(
      fc.record({
        attack: fc.constantFrom(...Object.keys(ATTACKS)),
        index: fc.nat({ max: 1_000 }),
        userId: fc.constantFrom(...USERS),
        role: fc.constantFrom(...ROLES),
      }),
      { numRuns: ATTEMPTS, seed: 17 },
    );
    for (const plan of plans) {
      const actor = { tenantId: state.intruderTenant, userId: plan.userId, roles: [plan.role] };
      const figure = figures.get(plan.attack);
      const attack = ATTACKS[plan.attack];
      if (!figure || !attack) throw new Error(`Unknown attack ${plan.attack}`);
      let leak: string | null;
      try {
        leak = await attack(plan.index)(t.crm.as(actor), state.victim, t, actor);
      } catch (error) {
        leak =
          error instanceof CrmError ? null : `raw ${(error as Error).name}: ${(error as Error).message.slice(0, 120)}`;
      }
      figure.record(leak === null, `${plan.role} ${plan.userId}: ${leak}`);
    }
    const after = await tenantState(t.adapter, state.victim.tenantId);
    const changed = stateChanges(state.before, after);
    const writes = figures.get("write by id");
    if (changed !== "" && writes) writes.record(false, `tenant B's rows changed: ${changed}`);
    for (const figure of figures.values()) figure.save();
    const total = [...figures.values()].reduce((sum, f) => sum + f.violated, 0);
    expect(
      total,
      [...figures.values()]
        .filter((f) => f.violated > 0)
        .map((f) => f.report())
        .join("\n"),
    ).toBe(0);
  });
});
