import {
  createEntityService,
  type EntityService,
  InvalidTransitionError,
  type ModuleContext,
  parseInput,
} from "@rapport/core";
import type { Case } from "../cases/case-entity.js";
import { loadCase, readCase } from "../cases/case-records.js";
import { type EscalateInput, escalateSchema } from "../cases/case-schema.js";
import { ESCALATION_LEVELS, type EscalationLevel, rankOf } from "../shared/vocabulary.js";
import { shownRegister, shownSummary } from "./complaint-field-security.js";
import {
  type ComplaintRegisterEntry,
  type ComplaintSummaryRow,
  complaintRegister,
  complaintSummary,
  type RegisterOptions,
  type SummaryOptions,
} from "./complaint-register.js";
import { escalateCase } from "./escalation.js";
import { type EscalationRule, escalationRuleEntity } from "./escalation-rule-entity.js";
import type { CreateEscalationRuleInput, UpdateEscalationRuleInput } from "./escalation-rule-schema.js";

/** Complaints: escalation by hand or by rule, and the complaint register. Complaints are cases of type `complaint`. */
export interface ComplaintService {
  /**
   * Raises a complaint to a higher level (`agent → supervisor → manager`; default: the next).
   * Not a complaint, already at or above the level, or closed: `InvalidTransitionError`.
   * Emits `case.escalated`.
   */
  escalate(caseId: string, input: EscalateInput): Promise<Case>;
  /** The complaint register: every complaint with account, severity, root cause, level and status, newest first. */
  register(options?: RegisterOptions): Promise<{ items: ComplaintRegisterEntry[]; nextCursor: string | null }>;
  /** Complaint counts by root cause and severity (received, still open, escalated, SLA breached). */
  summary(options?: SummaryOptions): Promise<ComplaintSummaryRow[]>;
  /** Escalation rules: raise complaints as they arrive, as they age, or when an SLA breaks. */
  readonly rules: EntityService<EscalationRule, CreateEscalationRuleInput, UpdateEscalationRuleInput>;
}

/** Builds `client.service.complaints`. */
export function createComplaintService(ctx: ModuleContext): ComplaintService {
  return {
    escalate: (caseId, input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(escalateSchema, input);
        const row = await loadCase(op, caseId, { expectedVersion: parsed.expectedVersion, authorize: "escalate" });
        if (row.type !== "complaint")
          throw new InvalidTransitionError(`case ${row.id} is not a complaint; triage it as one first`, {
            details: { id: row.id },
          });
        if (row.status === "closed")
          throw new InvalidTransitionError(`case ${row.id} is closed`, { details: { id: row.id } });
        const current: EscalationLevel = row.escalationLevel ?? "agent";
        const next = ESCALATION_LEVELS[rankOf(ESCALATION_LEVELS, current) + 1];
        const level = parsed.level ?? next;
        if (level === undefined || rankOf(ESCALATION_LEVELS, level) <= rankOf(ESCALATION_LEVELS, current)) {
          throw new InvalidTransitionError(`complaint ${row.id} is at ${current}; it can only be escalated higher`, {
            details: { id: row.id, level: current },
          });
        }
        await escalateCase(op, row, { level, queueId: null, reason: parsed.reason, ruleId: null });
        return readCase(op, row.id);
      }),
    register: (options = {}) =>
      ctx.read(async (op) => shownRegister(op, options, await complaintRegister(op, options))),
    summary: (options = {}) => ctx.read(async (op) => shownSummary(op, options, await complaintSummary(op, options))),
    rules: createEntityService(ctx, escalationRuleEntity),
  };
}
