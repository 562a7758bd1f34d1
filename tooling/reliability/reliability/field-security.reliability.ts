import { CrmError } from "@rapport/core";
import { describeEachAdapter } from "@rapport/testkit";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { type Tally, tally } from "../src/figures.js";
import { type ReliabilityClient, useReliabilityCrm } from "../src/reliability-crm.js";

/** Random roles per adapter; each is tried on every read path. */
const ROLES = Number(process.env.RAPPORT_RELIABILITY_ROLES ?? 40);

type Entity = "account" | "opportunity" | "lead" | "contact" | "content_item" | "knowledge_article";

/**
 * The fields a role may hide, each with the two values its two records hold. The first
 * record (created first, so earlier in id order) holds the larger value, so a sort that
 * follows the hidden value puts the second record first.
 */
const HIDEABLE: Readonly<Record<Entity, Readonly<Record<string, readonly [unknown, unknown]>>>> = {
  account: {
    annualRevenue: [918_273_645, 918_270_001],
    industry: ["SECRETIND-b", "SECRETIND-a"],
    "custom.margin": [314_159, 314_001],
  },
  opportunity: {
    amount: [271_828_182, 271_820_003],
    nextStep: ["SECRETSTEP-b", "SECRETSTEP-a"],
    "custom.margin": [161_803, 161_001],
  },
  lead: { email: ["secret.b@hidden.example", "secret.a@hidden.example"], company: ["SECRETCO-b", "SECRETCO-a"] },
  contact: { title: ["SECRETTITLE-b", "SECRETTITLE-a"] },
  content_item: {
    body: ["SECRETBODY-b", "SECRETBODY-a"],
    summary: ["SECRETSUMMARY-b", "SECRETSUMMARY-a"],
    assetFileName: ["SECRETFILE-b.pdf", "SECRETFILE-a.pdf"],
  },
  knowledge_article: { summary: ["KNOWSUM-b", "KNOWSUM-a"], body: ["KNOWBODY-b", "KNOWBODY-a"] },
};

/** The records under test: two per entity, ids in creation order. */
type Records = Readonly<Record<Entity, readonly [string, string]>>;

/** What a read path is given: the actor's client, the records and the fields the actor's role hides. */
interface ReadContext {
  readonly client: ReliabilityClient;
  readonly records: Records;
  readonly hidden: ReadonlyMap<Entity, readonly string[]>;
}

/** A way to read records; returns what leaked (a hidden value, or an answer that depends on one), or `null`. */
interface ReadPath {
  readonly name: string;
  read(ctx: ReadContext): Promise<string | null>;
}

/** Every hidden value (of every hidden field of every entity) that occurs in `output`. */
function leakedValues(ctx: ReadContext, output: unknown): string | null {
  const text = JSON.stringify(output) ?? "";
  const found: string[] = [];
  for (const [entity, fields] of ctx.hidden) {
    for (const field of fields) {
      for (const value of HIDEABLE[entity][field] ?? []) {
        if (text.includes(String(value))) found.push(`${entity}.${field}=${String(value)}`);
      }
    }
  }
  return found.length > 0 ? found.join(", ") : null;
}

const entitiesWithHidden = (ctx: ReadContext) => [...ctx.hidden].filter(([, fields]) => fields.length > 0);

/** Lists one entity through the actor's client. */
function listOf(client: ReliabilityClient, entity: Entity, options: object) {
  const services = {
    account: client.accounts,
    opportunity: client.sales.opportunities,
    lead: client.sales.leads,
    contact: client.contacts,
    content_item: client.marketing.content,
    knowledge_article: client.service.knowledge,
  } as const;
  return (services[entity] as { list(o: object): Promise<{ items: { id: string }[] }> }).list(options);
}

function getOf(client: ReliabilityClient, entity: Entity, id: string): Promise<unknown> {
  const services = {
    account: client.accounts,
    opportunity: client.sales.opportunities,
    lead: client.sales.leads,
    contact: client.contacts,
    content_item: client.marketing.content,
    knowledge_article: client.service.knowledge,
  } as const;
  return (services[entity] as { get(i: string): Promise<unknown> }).get(id);
}

/** Runs `read`, treating a CrmError (the path refused) as no leak. */
async function refusedOr(read: () => Promise<string | null>): Promise<string | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CrmError) return null;
    return `raw ${(error as Error).name}: ${(error as Error).message.slice(0, 120)}`;
  }
}

/**
 * Every read path, in one table: a new one (search, exports, webhooks) is one more row.
 * Each returns what leaked for the role in `ctx`, or `null`.
 */
const READ_PATHS: readonly ReadPath[] = [
  {
    name: "get",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const [entity] of entitiesWithHidden(ctx)) {
        for (const id of ctx.records[entity]) {
          const leak = await refusedOr(async () => leakedValues(ctx, await getOf(ctx.client, entity, id)));
          if (leak) leaks.push(leak);
        }
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "list",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const [entity] of entitiesWithHidden(ctx)) {
        const leak = await refusedOr(async () => leakedValues(ctx, await listOf(ctx.client, entity, {})));
        if (leak) leaks.push(leak);
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    // A filter that matches on the true value and not on another tells the value without showing it.
    name: "list filtered on a hidden field",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const [entity, fields] of entitiesWithHidden(ctx)) {
        for (const field of fields) {
          const [value] = HIDEABLE[entity][field] ?? [];
          const leak = await refusedOr(async () => {
            const hit = await listOf(ctx.client, entity, { filter: [{ field, op: "eq", value }] });
            const miss = await listOf(ctx.client, entity, {
              filter: [{ field, op: "eq", value: typeof value === "number" ? value + 7 : `${value}x` }],
            });
            const first = ctx.records[entity][0];
            const hitHas = hit.items.some((r) => r.id === first);
            const missHas = miss.items.some((r) => r.id === first);
            return hitHas !== missHas ? `filter on ${entity}.${field} tells its value` : leakedValues(ctx, hit);
          });
          if (leak) leaks.push(leak);
        }
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "list sorted on a hidden field",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const [entity, fields] of entitiesWithHidden(ctx)) {
        for (const field of fields) {
          const leak = await refusedOr(async () => {
            const page = await listOf(ctx.client, entity, { orderBy: { field, direction: "asc" } });
            const [first, second] = ctx.records[entity];
            const ids = page.items.map((r) => r.id);
            // The second record holds the smaller value: before the first only if the sort read the value.
            return ids.indexOf(second) < ids.indexOf(first) ? `sort on ${entity}.${field} follows its value` : null;
          });
          if (leak) leaks.push(leak);
        }
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "audit.history",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const [entity] of entitiesWithHidden(ctx)) {
        for (const id of ctx.records[entity]) {
          const leak = await refusedOr(async () => leakedValues(ctx, await ctx.client.audit.history(entity, id)));
          if (leak) leaks.push(leak);
        }
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "sales reports",
    read: async (ctx) => {
      if (!(ctx.hidden.get("opportunity") ?? []).includes("amount")) return null;
      const leaks: string[] = [];
      const pipeline = await refusedOr(async () => {
        const rows = await ctx.client.sales.reports.pipelineByStage({ currency: "EUR" });
        const shown = rows.filter((r) => r.amount !== undefined || r.weightedAmount !== undefined);
        return shown.length > 0 ? `pipelineByStage shows amounts (${shown.map((r) => r.amount).join(", ")})` : null;
      });
      const wins = await refusedOr(async () => {
        const rows = await ctx.client.sales.reports.winRates({
          currency: "EUR",
          from: "2000-01-01T00:00:00Z",
          to: "2100-01-01T00:00:00Z",
        });
        const shown = rows.filter((r) => r.wonAmount !== undefined);
        return shown.length > 0 ? `winRates shows won amounts (${shown.map((r) => r.wonAmount).join(", ")})` : null;
      });
      const pareto = await refusedOr(async () => {
        const result = await ctx.client.sales.reports.accountPareto({ currency: "EUR" });
        return result.total > 0 ? `accountPareto shows revenue ${result.total}` : null;
      });
      for (const leak of [pipeline, wins, pareto]) if (leak) leaks.push(leak);
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "search",
    // A hidden value must neither come back in a title or snippet nor find the record holding it.
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const [entity, fields] of entitiesWithHidden(ctx)) {
        for (const field of fields) {
          for (const value of HIDEABLE[entity][field] ?? []) {
            const leak = await refusedOr(async () => {
              const page = await ctx.client.search({ query: String(value), limit: 100 });
              const found = page.items.filter((hit) => ctx.records[entity].includes(hit.id));
              return leakedValues(ctx, page) ?? (found.length > 0 ? `search "${String(value)}" finds ${entity}` : null);
            });
            if (leak) leaks.push(leak);
          }
        }
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "marketing content search and stage content",
    // The library's own search and the content a stage offers: a hidden value is neither shown nor found.
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const field of ctx.hidden.get("content_item") ?? []) {
        for (const value of HIDEABLE.content_item[field] ?? []) {
          const leak = await refusedOr(async () => {
            const page = await ctx.client.marketing.content.search({ query: String(value), limit: 100 });
            const found = page.items.filter((hit) => ctx.records.content_item.includes(hit.record.id));
            return leakedValues(ctx, page) ?? (found.length > 0 ? `content.search "${String(value)}" finds it` : null);
          });
          if (leak) leaks.push(leak);
        }
      }
      const stage = await refusedOr(async () =>
        leakedValues(ctx, await ctx.client.marketing.content.forStage({ stageKey: "awareness" })),
      );
      if (stage) leaks.push(`content.forStage: ${stage}`);
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "marketing segments and campaign reports",
    read: async (ctx) => {
      const marketing = ctx.client.marketing;
      const leaks: string[] = [];
      const segments = await refusedOr(async () => {
        for (const segment of (await marketing.segments.list({ limit: 10 })).items) {
          const leak = leakedValues(ctx, await marketing.segments.members(segment.id, { limit: 500 }));
          if (leak) return `segments.members(${segment.name}): ${leak}`;
        }
        return null;
      });
      const reports = await refusedOr(async () => {
        for (const campaign of (await marketing.campaigns.list({ limit: 10 })).items) {
          const answers = [
            await marketing.campaigns.influencedOpportunities(campaign.id),
            await marketing.campaigns.rollup(campaign.id),
            await marketing.campaigns.phaseResults(campaign.id),
            ...(await Promise.all(
              (["first_touch", "last_touch", "linear"] as const).map((model) =>
                marketing.campaigns.attribution({ model }),
              ),
            )),
          ];
          const leak = leakedValues(ctx, answers);
          if (leak) return `campaign reports: ${leak}`;
        }
        return null;
      });
      for (const leak of [segments, reports]) if (leak) leaks.push(leak);
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    name: "timelines",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const id of ctx.records.opportunity) {
        const leak = await refusedOr(async () => leakedValues(ctx, await ctx.client.sales.opportunities.timeline(id)));
        if (leak) leaks.push(leak);
      }
      for (const id of ctx.records.account) {
        const leak = await refusedOr(async () =>
          leakedValues(ctx, await ctx.client.activities.timeline({ type: "account", id })),
        );
        if (leak) leaks.push(leak);
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    // A template merging contact.title, previewed for each contact: hidden, it is refused.
    name: "marketing.templates.preview",
    read: async (ctx) => {
      const templates = ctx.client.marketing.templates;
      const { items } = await templates.list({ filter: [{ field: "name", op: "eq", value: "fls template" }] });
      if (!items[0]) return "the fls template is missing";
      const leaks: string[] = [];
      for (const contactId of ctx.records.contact) {
        const preview = templates.preview(items[0].id, { contactId });
        const leak = await refusedOr(async () => leakedValues(ctx, await preview));
        if (leak) leaks.push(leak);
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    // The knowledge base's own reads: its search and suggestions, and the published versions' text.
    name: "service.knowledge search, suggest and versions",
    read: async (ctx) => {
      const hidden = ctx.hidden.get("knowledge_article") ?? [];
      if (hidden.length === 0) return null;
      const knowledge = ctx.client.service.knowledge;
      const leaks: string[] = [];
      for (const field of hidden) {
        for (const value of HIDEABLE.knowledge_article[field] ?? []) {
          const leak = await refusedOr(async () => {
            const page = await knowledge.search({ query: String(value), limit: 100 });
            const suggested = await knowledge.suggest({ subject: String(value), limit: 20 });
            const found = [...page.items, ...suggested].filter((h) =>
              ctx.records.knowledge_article.includes(h.article.id),
            );
            return (
              leakedValues(ctx, [page, suggested]) ?? (found.length > 0 ? `knowledge search "${value}" finds it` : null)
            );
          });
          if (leak) leaks.push(leak);
        }
      }
      for (const id of ctx.records.knowledge_article) {
        const leak = await refusedOr(async () => leakedValues(ctx, await knowledge.versions(id)));
        if (leak) leaks.push(`versions: ${leak}`);
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    // A merge plan lists each record's values of the fields where they differ: the two records of an entity differ in every hideable field.
    name: "cleansing.merge.plan",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const entity of ["account", "contact", "lead"] as const) {
        if ((ctx.hidden.get(entity) ?? []).length === 0) continue;
        const [survivorId, loserId] = ctx.records[entity];
        const leak = await refusedOr(async () =>
          leakedValues(
            ctx,
            await ctx.client.cleansing.merge.plan({ entityType: entity, survivorId, loserIds: [loserId] }),
          ),
        );
        if (leak) leaks.push(`${entity}: ${leak}`);
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
  {
    // Duplicate finding, linking and quality flags: no hidden value, and no reason or flag read from a hidden field.
    name: "cleansing.duplicates.find, duplicates.link and quality.list",
    read: async (ctx) => {
      const leaks: string[] = [];
      for (const entity of ["account", "contact", "lead"] as const) {
        const hidden = ctx.hidden.get(entity) ?? [];
        if (hidden.length === 0) continue;
        const input = { entityType: entity, threshold: 0 };
        const found = await ctx.client.cleansing.duplicates.find(input);
        const linked = await ctx.client.cleansing.duplicates.link({
          ...input,
          left: { source: "a" },
          right: { source: "b" },
        });
        const quality = await ctx.client.cleansing.quality.list({ entityType: entity });
        const leak = leakedValues(ctx, [found, linked, quality]);
        if (leak) leaks.push(`${entity}: ${leak}`);
        const named = [...found.items, ...linked.items].flatMap((pair) => pair.reasons.map((r) => r.field));
        const usedHidden = named.filter((field) => hidden.includes(field));
        if (usedHidden.length > 0) leaks.push(`${entity}: reasons name hidden ${usedHidden.join(", ")}`);
      }
      return leaks.length > 0 ? leaks.join("; ") : null;
    },
  },
];

const READ_GRANTS = {
  "account:read": "all",
  "contact:read": "all",
  "opportunity:read": "all",
  "lead:read": "all",
  "pipeline:read": "all",
  "activity:read": "all",
  "audit:read": "all",
  "segment:read": "all",
  "campaign:read": "all",
  "campaign_phase:read": "all",
  "campaign_influence:read": "all",
  "content_item:read": "all",
  "knowledge_article:read": "all",
  "email_template:read": "all",
  // cleansing.merge.plan needs update on the records and archive on the loser; it writes nothing.
  "account:update": "all",
  "account:archive": "all",
  "contact:update": "all",
  "contact:archive": "all",
  "lead:update": "all",
  "lead:archive": "all",
} as const;

/** A role hiding a random, non-empty choice of the hideable fields. */
const hiddenFieldsArbitrary = fc
  .record({
    account: fc.subarray(Object.keys(HIDEABLE.account)),
    opportunity: fc.subarray(Object.keys(HIDEABLE.opportunity)),
    lead: fc.subarray(Object.keys(HIDEABLE.lead)),
    contact: fc.subarray(Object.keys(HIDEABLE.contact)),
    content_item: fc.subarray(Object.keys(HIDEABLE.content_item)),
    knowledge_article: fc.subarray(Object.keys(HIDEABLE.knowledge_article)),
  })
  .filter((h) => Object.values(h).some((fields) => fields.length > 0));

describeEachAdapter("a field a role hides comes back through no read path", (target) => {
  const t = useReliabilityCrm(target);
  const state = {} as { tenantId: string; records: Records };

  beforeAll(async () => {
    const tenantId = await t.tenant();
    const system = t.crm.system(tenantId);
    for (const entityType of ["account", "opportunity"]) {
      await system.customFields.define({ entityType, key: "margin", label: "Margin", kind: "number" });
    }
    const records: Partial<Record<Entity, [string, string]>> = {};
    const ids = (a: { id: string }, b: { id: string }): [string, string] => [a.id, b.id];
    const account = async (i: 0 | 1) =>
      system.accounts.create({
        name: `Account ${i}`,
        annualRevenue: HIDEABLE.account.annualRevenue?.[i] as number,
        currency: "EUR",
        industry: HIDEABLE.account.industry?.[i] as string,
        custom: { margin: HIDEABLE.account["custom.margin"]?.[i] as number },
      });
    const accounts = [await account(0), await account(1)] as const;
    records.account = ids(...accounts);
    const opportunity = async (i: 0 | 1) => {
      const created = await system.sales.opportunities.create({
        name: `Deal ${i}`,
        accountId: accounts[i].id,
        amount: HIDEABLE.opportunity.amount?.[i] as number,
        currency: "EUR",
        closeDate: "2026-03-20",
        custom: { margin: HIDEABLE.opportunity["custom.margin"]?.[i] as number },
      });
      // Updated after creation, so the history holds a change of it too.
      return system.sales.opportunities.update(created.id, { nextStep: HIDEABLE.opportunity.nextStep?.[i] as string });
    };
    const opportunities = [await opportunity(0), await opportunity(1)] as const;
    await system.sales.opportunities.win(opportunities[1].id);
    records.opportunity = ids(...opportunities);
    const lead = (i: 0 | 1) =>
      system.sales.leads.create({
        lastName: `Lead ${i}`,
        email: HIDEABLE.lead.email?.[i] as string,
        company: HIDEABLE.lead.company?.[i] as string,
      });
    records.lead = ids(await lead(0), await lead(1));
    const contact = (i: 0 | 1) =>
      system.contacts.create({ lastName: `Contact ${i}`, title: HIDEABLE.contact.title?.[i] as string });
    records.contact = ids(await contact(0), await contact(1));
    const contentItem = async (i: 0 | 1) => {
      const item = await system.marketing.content.create({
        kind: "asset",
        title: `Brochure ${i}`,
        body: HIDEABLE.content_item.body?.[i] as string,
        summary: HIDEABLE.content_item.summary?.[i] as string,
        assetFileName: HIDEABLE.content_item.assetFileName?.[i] as string,
        assetMimeType: "application/pdf",
        assetSizeBytes: 1_000 + i,
        assetUrl: `https://files.example.com/brochure-${i}.pdf`,
        status: "published",
      });
      await system.marketing.content.attachToStage(item.id, { stageKey: "awareness" });
      return item;
    };
    records.content_item = ids(await contentItem(0), await contentItem(1));
    // Marketing: a segment of every record of each type, and a campaign that touched both deals.
    for (const recordType of ["contact", "lead", "account"] as const) {
      const rules = [{ field: "createdAt", op: "gte" as const, value: "2000-01-01T00:00:00.000Z" }];
      await system.marketing.segments.create({ name: `fls ${recordType}`, recordType, kind: "rule", rules });
    }
    await system.marketing.templates.create({
      name: "fls template",
      subject: "Hi",
      html: "<p>{{ contact.title }}</p>",
    });
    const campaign = await system.marketing.campaigns.create({
      name: "fls campaign",
      type: "email",
      currency: "EUR",
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2026-12-31T00:00:00.000Z",
    });
    for (const opportunityId of records.opportunity) {
      await system.marketing.campaigns.influence({ campaignId: campaign.id, opportunityId });
    }
    // Knowledge: two published articles whose summary and body hold the hidden values.
    const category = await system.service.knowledge.categories.create({ name: "fls" });
    const article = async (i: 0 | 1) => {
      const draft = await system.service.knowledge.create({
        title: `Article ${i}`,
        summary: HIDEABLE.knowledge_article.summary?.[i] as string,
        body: HIDEABLE.knowledge_article.body?.[i] as string,
        categoryId: category.id,
      });
      await system.service.knowledge.submit(draft.id);
      return system.service.knowledge.approve(draft.id);
    };
    records.knowledge_article = ids(await article(0), await article(1));
    state.tenantId = tenantId;
    state.records = records as Records;
  });

  it(`${ROLES} random roles with hidden fields, every read path`, async () => {
    const figures = new Map<string, Tally>(
      READ_PATHS.map((p) => [p.name, tally(`field security: ${p.name}`, target.name)]),
    );
    const admin = t.crm.system(state.tenantId);
    const roles = fc.sample(hiddenFieldsArbitrary, { numRuns: ROLES, seed: 17 });
    for (const [i, hiddenFields] of roles.entries()) {
      const name = `fls_${i}_${Math.random().toString(36).slice(2, 6)}`;
      await admin.roles.define({ name, grants: READ_GRANTS, hiddenFields });
      const ctx: ReadContext = {
        client: t.as(state.tenantId, `reader${i}`, [name]),
        records: state.records,
        hidden: new Map(Object.entries(hiddenFields) as [Entity, string[]][]),
      };
      for (const path of READ_PATHS) {
        const leak = await refusedOr(() => path.read(ctx));
        figures.get(path.name)?.record(leak === null, `hiding ${JSON.stringify(hiddenFields)}: ${leak}`);
      }
    }
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
