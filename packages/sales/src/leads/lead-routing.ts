import { boundContext, createEntityService, type OperationContext } from "@rapport/core";
import { sql } from "kysely";
import { salesDb } from "../database.js";
import { territoryEntity } from "../territories/territory-entity.js";
import { type LeadRule, leadRuleEntity } from "./lead-rule-entity.js";
import type { LeadSource } from "./lead-schema.js";

/** What routing looks at in a lead. */
export interface RoutingFacts {
  readonly source: LeadSource;
  readonly country: string | null;
  readonly territoryId: string | null;
  readonly productInterests: readonly string[];
}

/** The outcome of routing: the first matching rule (if any) and the owner it picked. */
export interface Routing {
  readonly rule: LeadRule | null;
  readonly ownerId: string | null;
}

/** The first active territory (oldest first) whose countries include `country`, or `null`. */
export async function territoryFor(op: OperationContext, country: string | null | undefined): Promise<string | null> {
  if (!country) return null;
  // Countries are stored as a JSON array of validated two-letter codes, so the quoted code only matches whole entries.
  const row = await op.db
    .selectFrom("sales_territories")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("archived_at", "is", null)
    .where("countries", "like", `%"${country}"%`)
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
  return (row?.id as string | undefined) ?? null;
}

function matches(rule: LeadRule, facts: RoutingFacts): boolean {
  const { sources, countries, territoryIds, productInterests } = rule.match;
  if (sources && !sources.includes(facts.source)) return false;
  if (countries && (facts.country === null || !countries.includes(facts.country))) return false;
  if (territoryIds && (facts.territoryId === null || !territoryIds.includes(facts.territoryId))) return false;
  if (productInterests) {
    const wanted = new Set(productInterests.map((p) => p.toLowerCase()));
    if (!facts.productInterests.some((p) => wanted.has(p.toLowerCase()))) return false;
  }
  return true;
}

async function poolOf(op: OperationContext, rule: LeadRule, facts: RoutingFacts): Promise<readonly string[]> {
  if (rule.userIds.length > 0) return rule.userIds;
  if (facts.territoryId === null) return [];
  // Routing runs for whoever files the lead; the territory's members are read as the system.
  const territory = await op.asSystem().records(territoryEntity).get(facts.territoryId);
  return territory.userIds;
}

/** The next user of the pool in turn: an atomic counter on the rule row, so concurrent leads spread evenly. */
async function nextInTurn(op: OperationContext, ruleId: string, pool: readonly string[]): Promise<string | null> {
  const row = await salesDb(op)
    .updateTable("sales_lead_rules")
    .set({ rr_counter: sql`rr_counter + 1` })
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", ruleId)
    .returning("rr_counter")
    .executeTakeFirst();
  const turn = Number(row?.rr_counter ?? 1) - 1;
  return pool[turn % pool.length] ?? null;
}

/** The pool member with the fewest open leads (counted in SQL); ties go to the earlier member. */
async function leastLoaded(op: OperationContext, pool: readonly string[]): Promise<string | null> {
  const rows = await salesDb(op)
    .selectFrom("sales_leads")
    .select((eb) => ["owner_id", eb.fn.countAll<number | string>().as("open")])
    .where("tenant_id", "=", op.tenantId)
    .where("owner_id", "in", pool)
    .where("status", "in", ["new", "working"])
    .where("converted_at", "is", null)
    .where("archived_at", "is", null)
    .groupBy("owner_id")
    .execute();
  const load = new Map(rows.map((r) => [r.owner_id, Number(r.open)]));
  let best: string | null = null;
  for (const user of pool) if (best === null || (load.get(user) ?? 0) < (load.get(best) ?? 0)) best = user;
  return best;
}

/** The first active rule, by priority, that matches the lead; `null` when none does. */
export async function firstMatchingRule(op: OperationContext, facts: RoutingFacts): Promise<LeadRule | null> {
  // The rules apply to every lead, whoever files it: they are listed as the system.
  const rules = createEntityService(boundContext(op.asSystem()), leadRuleEntity);
  let cursor: string | undefined;
  do {
    const page = await rules.list({
      filter: [{ field: "active", op: "eq", value: true }],
      orderBy: { field: "priority" },
      limit: 200,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const rule = page.items.find((candidate) => matches(candidate, facts));
    if (rule) return rule;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return null;
}

/** Routes a lead: the first matching rule picks the owner by its strategy. */
export async function routeLead(op: OperationContext, facts: RoutingFacts): Promise<Routing> {
  const rule = await firstMatchingRule(op, facts);
  if (rule === null) return { rule: null, ownerId: null };
  const pool = await poolOf(op, rule, facts);
  if (rule.strategy === "none" || pool.length === 0) return { rule, ownerId: null };
  if (rule.strategy === "user") return { rule, ownerId: pool[0] ?? null };
  if (rule.strategy === "round_robin") return { rule, ownerId: await nextInTurn(op, rule.id, pool) };
  return { rule, ownerId: await leastLoaded(op, pool) };
}
