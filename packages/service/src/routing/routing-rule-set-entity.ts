import { defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import { requireCalendar } from "../sla/sla-policy-entity.js";
import { checkRuleSetReferences } from "./routing-references.js";
import { createRuleSetSchema, type RoutingAction, type RoutingRule, updateRuleSetSchema } from "./routing-schema.js";

const ruleSetFields = {
  name: field.text(),
  /** The rule set `service.intake` starts with; exactly one per tenant (`routing.setEntry`). */
  isEntry: field.boolean(),
  calendarId: field.nullableText(),
  rules: field.json<RoutingRule[]>(),
  fallback: field.json<RoutingAction>(),
};

/** Routing rule sets: ordered rules that send inbound requests to a queue, a complaint handler, sales, or another set. */
export const ruleSetEntity = defineEntity({
  type: "routing_rule_set",
  table: "service_routing_rule_sets",
  idPrefix: "rrs",
  fields: ruleSetFields,
  createSchema: createRuleSetSchema,
  patchSchema: updateRuleSetSchema,
  validate: async (next, before, op) => {
    if (next.calendarId !== null && next.calendarId !== before?.calendarId)
      await requireCalendar(op, next.calendarId, ["calendarId"]);
    const index = next.rules.findIndex((rule) => rule.when.businessHours !== undefined);
    if (index >= 0 && next.calendarId === null) {
      throw ValidationError.forField(
        ["rules", index, "when", "businessHours"],
        "A businessHours condition needs the rule set's calendarId",
      );
    }
    await checkRuleSetReferences(op, next.id, next.rules, next.fallback);
  },
});

/** A routing rule set as stored and returned. */
export type RoutingRuleSet = EntityRecord<typeof ruleSetFields>;
