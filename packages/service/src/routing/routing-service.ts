import {
  boundContext,
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { serviceDb } from "../shared/service-tables.js";
import { accountTierOf, CHANNEL_OF_KIND, senderOf, textOf } from "./intake-facts.js";
import { type IntakeRequest, intakeRequestSchema } from "./intake-schema.js";
import { type RoutingDecision, route } from "./routing-engine.js";
import { type RoutingRuleSet, ruleSetEntity } from "./routing-rule-set-entity.js";
import type { CreateRuleSetInput, UpdateRuleSetInput } from "./routing-schema.js";

/** Routing rule sets: the standard service plus the entry set. */
export interface RuleSetService extends EntityService<RoutingRuleSet, CreateRuleSetInput, UpdateRuleSetInput> {
  /** Makes this the rule set `service.intake` starts with (the previous entry set stops being it). */
  setEntry(id: string): Promise<RoutingRuleSet>;
  /** The rule set `service.intake` starts with, or `null`. */
  getEntry(): Promise<RoutingRuleSet | null>;
}

/** Contact-center routing: the rule sets, and a dry run of them. */
export interface RoutingService {
  readonly ruleSets: RuleSetService;
  /** Where `service.intake(request)` would send this request now, without writing anything. */
  preview(request: IntakeRequest): Promise<RoutingDecision>;
}

/** Marks `id` as the entry rule set, clearing the flag elsewhere; each is a versioned change. */
export async function setEntryRuleSet(op: OperationContext, id: string): Promise<void> {
  const ruleSets = op.records(ruleSetEntity);
  const ruleSet = await ruleSets.loadForChange(parseInput(idSchema("rrs"), id));
  if (ruleSet.isEntry) return;
  const previous = await serviceDb(op)
    .selectFrom("service_routing_rule_sets")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("is_entry", "=", 1)
    .execute();
  for (const { id: otherId } of previous) {
    // Authorised above: the caller may set the entry set, which takes the flag off the old one.
    const other = await ruleSets.loadForChange(otherId, { authorize: false, allowArchived: true });
    await ruleSets.change(other, { isEntry: false }, { action: "set_entry" });
  }
  await ruleSets.change(
    ruleSet,
    { isEntry: true },
    {
      action: "set_entry",
      events: (after) => [
        { type: "routing_rule_set.entry_changed", data: { id: after.id, previousId: previous[0]?.id ?? null } },
      ],
    },
  );
}

/** Builds `client.service.routing`; `timeZone` decides which day "today" is for contract tiers. */
export function createRoutingService(ctx: ModuleContext, timeZone: string): RoutingService {
  const base = createEntityService(ctx, ruleSetEntity);
  return {
    ruleSets: {
      ...base,
      setEntry: (id) =>
        ctx.run(async (op) => {
          await setEntryRuleSet(op, id);
          return createEntityService(boundContext(op), ruleSetEntity).get(id);
        }),
      getEntry: () =>
        ctx.read(async (op) => {
          await op.authorize("routing_rule_set:read");
          const row = await serviceDb(op)
            .selectFrom("service_routing_rule_sets")
            .select("id")
            .where("tenant_id", "=", op.tenantId)
            .where("is_entry", "=", 1)
            .where("archived_at", "is", null)
            .executeTakeFirst();
          return row ? createEntityService(boundContext(op), ruleSetEntity).get(row.id) : null;
        }),
    },
    preview: (input) =>
      ctx.read(async (op) => {
        const request = parseInput(intakeRequestSchema, input);
        await op.authorize("routing_rule_set:read");
        const text = textOf(request);
        const sender = await senderOf(op, request);
        return route(op, {
          channel: CHANNEL_OF_KIND[request.kind],
          type: request.type ?? null,
          text: `${text.subject}\n${text.description ?? ""}`,
          accountTier: await accountTierOf(op, sender.accountId, timeZone),
          language: sender.language,
          at: op.now,
        });
      }),
  };
}
