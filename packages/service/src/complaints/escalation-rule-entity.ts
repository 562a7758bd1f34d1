import { defineEntity, type EntityRecord, field, ValidationError } from "@rapport/core";
import { requireQueue } from "../queues/queue-service.js";
import type { ComplaintSeverity } from "../shared/vocabulary.js";
import {
  createEscalationRuleSchema,
  type EscalationTrigger,
  updateEscalationRuleSchema,
} from "./escalation-rule-schema.js";

const ruleFields = {
  name: field.text(),
  trigger: field.text<EscalationTrigger>(),
  severities: field.json<ComplaintSeverity[]>(),
  afterMinutes: field.nullableInteger(),
  toLevel: field.text<"supervisor" | "manager">(),
  queueId: field.nullableText(),
  active: field.boolean(),
};

/** Escalation rules: raise complaints to supervisor or manager as they arrive, as they age, or when an SLA breaks. */
export const escalationRuleEntity = defineEntity({
  type: "escalation_rule",
  table: "service_escalation_rules",
  idPrefix: "esc",
  fields: ruleFields,
  createSchema: createEscalationRuleSchema,
  patchSchema: updateEscalationRuleSchema,
  validate: async (next, before, op) => {
    if ((next.trigger === "aged") !== (next.afterMinutes !== null)) {
      throw ValidationError.forField(["afterMinutes"], "afterMinutes is required for aged rules and only for them");
    }
    if (next.queueId !== null && next.queueId !== before?.queueId) await requireQueue(op, next.queueId, ["queueId"]);
  },
});

/** An escalation rule as stored and returned. */
export type EscalationRule = EntityRecord<typeof ruleFields>;
