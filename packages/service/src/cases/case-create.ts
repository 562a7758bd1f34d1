import { boundContext, createEntityService, type OperationContext } from "@rapport/core";
import { creationEscalation } from "../complaints/escalation.js";
import { findCoverage, useIncident } from "../entitlements/entitlement-coverage.js";
import { pickAgent, requireQueue } from "../queues/queue-service.js";
import { requireContact } from "../shared/peers.js";
import type { QueueRow } from "../shared/service-tables.js";
import type { EntitlementStatus, EscalationLevel } from "../shared/vocabulary.js";
import { insertClocks, plannedClocks, summarise } from "../sla/case-sla.js";
import { planSla } from "../sla/sla-plan.js";
import { type Case, storedCaseEntity } from "./case-entity.js";
import type { CaseDraft } from "./case-schema.js";

/** Where a case came from, when not created by hand. */
export interface CaseOrigin {
  /** The intake record of the inbound request. */
  readonly intakeId?: string;
}

/**
 * Creates a case from validated input, in the caller's transaction: fills the account from
 * the contact, files it under the best entitlement (using an incident, or flagging it
 * expired/exhausted), starts its SLA clocks, applies complaint escalation rules and hands it
 * to an agent when it lands in a queue. Emits `case.created`, and `case.assigned`,
 * `case.escalated` and `case.entitlement_flagged` when they apply.
 */
export async function createCaseIn(
  op: OperationContext,
  draft: CaseDraft,
  timeZone: string,
  origin: CaseOrigin = {},
): Promise<Case> {
  await op.authorize("case:create");
  let accountId = draft.accountId ?? null;
  if (draft.contactId && accountId === null)
    accountId = (await requireContact(op, draft.contactId, ["contactId"])).accountId;

  const isComplaint = draft.type === "complaint";
  const escalation = isComplaint ? await creationEscalation(op, draft.severity ?? "medium") : null;
  const queueId = escalation?.queueId ?? draft.queueId ?? null;
  // An owner given by hand stands, unless an escalation rule sent the case to its own queue.
  const ownerGiven = draft.ownerId !== undefined && escalation?.queueId == null;
  const queue: QueueRow | null =
    queueId === null ? null : await requireQueue(op, queueId, ["queueId"], { forHandOut: !ownerGiven });

  const coverage = await findCoverage(
    op,
    { accountId, productId: draft.productId ?? null, entitlementId: draft.entitlementId ?? null },
    timeZone,
  );
  let entitlementStatus: EntitlementStatus = coverage.status;
  if (coverage.entitlement && entitlementStatus === "covered" && !(await useIncident(op, coverage.entitlement)))
    entitlementStatus = "exhausted";
  const covered = entitlementStatus === "covered" ? coverage.entitlement : null;

  const plan = await planSla(op, {
    priority: draft.priority,
    entitlementPolicyId: covered?.sla_policy_id ?? null,
    supportCalendarId: covered?.calendar_id ?? null,
  });
  const clocks = await plannedClocks(op, plan);
  const sla = await summarise(op, clocks);

  const ownerId = ownerGiven
    ? draft.ownerId
    : queue
      ? await pickAgent(op, queue)
      : op.actor.system
        ? null
        : op.actor.userId;
  // The routed queue and agent, the SLA figures and the entitlement are this verb's decisions, not the
  // caller's input: the caller's own fields were checked against their field rules by the public verb.
  const created = await createEntityService(boundContext(op.asSystem()), storedCaseEntity).create({
    subject: draft.subject,
    description: draft.description ?? null,
    accountId,
    contactId: draft.contactId ?? null,
    productId: draft.productId ?? null,
    channel: draft.channel,
    type: draft.type,
    priority: draft.priority,
    status: "new",
    queueId,
    ownerId,
    severity: isComplaint ? (draft.severity ?? "medium") : null,
    rootCause: isComplaint ? (draft.rootCause ?? null) : null,
    escalationLevel: (escalation?.level ?? null) as EscalationLevel | null,
    language: draft.language ?? null,
    entitlementId: coverage.entitlement?.id ?? null,
    entitlementStatus,
    ...sla,
    firstRespondedAt: null,
    resolvedAt: null,
    closedAt: null,
    resolution: null,
    intakeId: origin.intakeId ?? null,
    ...(draft.custom ? { custom: draft.custom } : {}),
    ...(draft.externalIds ? { externalIds: draft.externalIds } : {}),
    ...(draft.tags ? { tags: draft.tags } : {}),
  });
  await insertClocks(op, created.id, clocks);

  // Kept by hand until the record layer's insert runs the `case.create` hook and field
  // security: the entity service does both, and records.insert takes no hook or guard.
  if (queueId !== null || ownerId !== null)
    op.emit("case.assigned", { id: created.id, queueId, agentId: ownerId, previousAgentId: null });
  if (escalation && escalation.level !== "agent") {
    op.emit("case.escalated", {
      id: created.id,
      from: "agent",
      to: escalation.level,
      reason: escalation.reason,
      ruleId: escalation.ruleId,
    });
  }
  if (coverage.entitlement && (entitlementStatus === "expired" || entitlementStatus === "exhausted")) {
    op.emit("case.entitlement_flagged", {
      id: created.id,
      entitlementId: coverage.entitlement.id,
      status: entitlementStatus,
    });
  }
  // Nothing after the insert changes the case row, so the created record is what a read would return.
  return created;
}
