import { createHash } from "node:crypto";
import {
  DuplicateError,
  IdempotencyKeyError,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { logCallIn } from "../calls/call-service.js";
import { createCaseIn } from "../cases/case-create.js";
import { peersOf } from "../shared/peers.js";
import { type IntakeRow, serviceDb } from "../shared/service-tables.js";
import type { CaseChannel } from "../shared/vocabulary.js";
import { accountTierOf, CHANNEL_OF_KIND, type Sender, senderOf, textOf } from "./intake-facts.js";
import { type IntakeRequest, intakeRequestSchema, type ParsedIntake } from "./intake-schema.js";
import { route, type TerminalAction } from "./routing-engine.js";

/** Where an inbound request went. */
export interface IntakeResult {
  readonly intakeId: string;
  readonly kind: ParsedIntake["kind"];
  readonly channel: CaseChannel;
  /** A service case, or a sales lead. */
  readonly destination: "case" | "lead";
  readonly caseId: string | null;
  /** The lead sales created or attached the enquiry to (`null` when sales matched an existing contact). */
  readonly leadId: string | null;
  readonly queueId: string | null;
  /** The agent the case was handed to. */
  readonly agentId: string | null;
  /** The call log entry, for calls. */
  readonly callId: string | null;
  readonly ruleSetId: string;
  /** The rule that matched; `null` when the fallback decided. */
  readonly ruleName: string | null;
  /** Why routing took another way than the rule said (no sales module, a broken rule set). */
  readonly note: string | null;
  readonly receivedAt: string;
  /** True when this repeated an earlier request's idempotency key and wrote nothing. */
  readonly replayed: boolean;
}

function toResult(row: IntakeRow, replayed: boolean): IntakeResult {
  return {
    intakeId: row.id,
    kind: row.kind as ParsedIntake["kind"],
    channel: row.channel as CaseChannel,
    destination: row.destination as "case" | "lead",
    caseId: row.case_id,
    leadId: row.lead_id,
    queueId: row.queue_id,
    agentId: row.agent_id,
    callId: row.call_id,
    ruleSetId: row.rule_set_id ?? "",
    ruleName: row.rule_name,
    note: row.note,
    receivedAt: row.received_at,
    replayed,
  };
}

function leadInput(request: ParsedIntake, sender: Sender, description: string | null): Record<string, unknown> | null {
  // Sales stores phones in E.164; a bare extension or national number cannot be captured.
  const phone = sender.phone?.startsWith("+") ? sender.phone : null;
  if (sender.email === null && phone === null) return null;
  const name = request.customer?.name?.trim();
  const space = name ? name.lastIndexOf(" ") : -1;
  const source =
    request.kind === "call"
      ? "phone"
      : request.kind === "email"
        ? "email"
        : request.kind === "web_form"
          ? "web_form"
          : "other";
  return {
    ...(sender.email ? { email: sender.email } : {}),
    ...(phone ? { phone } : {}),
    ...(name
      ? space > 0
        ? { firstName: name.slice(0, space), lastName: name.slice(space + 1) }
        : { lastName: name }
      : {}),
    ...(request.customer?.company ? { company: request.customer.company } : {}),
    ...(description ? { message: description.slice(0, 20_000) } : {}),
    source,
    sourceDetail: `service intake (${request.kind})`,
  };
}

/**
 * Takes one inbound request through routing, in the caller's transaction: finds the sender,
 * evaluates the tenant's rules, then creates a case in a queue (a complaint for a complaint
 * handler) or hands a buying enquiry to `sales.leads.capture` when the sales module is
 * installed. A call is also logged. Emits `intake.routed`.
 */
export async function intakeIn(op: OperationContext, input: IntakeRequest, timeZone: string): Promise<IntakeResult> {
  const request = parseInput(intakeRequestSchema, input);
  await op.authorize("intake:create");
  const db = serviceDb(op);
  const { idempotencyKey, ...payload } = request;
  const hash = createHash("sha256").update(JSON.stringify(payload)).digest("hex");
  if (idempotencyKey !== undefined) {
    const earlier = await db
      .selectFrom("service_intakes")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("idempotency_key", "=", idempotencyKey)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.payload_hash !== hash) {
        throw new IdempotencyKeyError(`Idempotency key "${idempotencyKey}" was used for a different request`, {
          details: { idempotencyKey, intakeId: earlier.id },
        });
      }
      return toResult(earlier, true);
    }
  }

  const channel = CHANNEL_OF_KIND[request.kind];
  const text = textOf(request);
  const sender = await senderOf(op, request);
  const decision = await route(op, {
    channel,
    type: request.type ?? null,
    text: `${text.subject}\n${text.description ?? ""}`,
    accountTier: await accountTierOf(op, sender.accountId, timeZone),
    language: sender.language,
    at: op.now,
  });
  const intakeId = op.newId("itk");
  let note = decision.note;
  let action: TerminalAction = decision.action;
  let leadId: string | null = null;
  let destination: "case" | "lead" = "case";

  if (action.kind === "sales_lead") {
    const leads = peersOf(op).sales?.leads;
    const lead = leadInput(request, sender, text.description);
    if (leads && lead) {
      const captured = (await leads.capture(
        lead,
        idempotencyKey ? { idempotencyKey: `service-intake:${idempotencyKey}` } : {},
      )) as { leadId?: string | null };
      leadId = captured.leadId ?? null;
      destination = "lead";
    } else {
      note = leads
        ? "No email or E.164 phone to capture a lead with; filed as a case instead"
        : "The sales module is not installed; filed as a case instead";
      action = { kind: "queue", queueId: action.fallbackQueueId };
    }
  }

  let caseId: string | null = null;
  let queueId: string | null = null;
  let agentId: string | null = null;
  if (action.kind === "queue" || action.kind === "complaint") {
    const complaint = action.kind === "complaint";
    const created = await createCaseIn(
      op,
      {
        subject: text.subject,
        description: text.description,
        accountId: sender.accountId,
        contactId: sender.contactId,
        ...(request.productId ? { productId: request.productId } : {}),
        channel,
        type: complaint
          ? "complaint"
          : ((action.kind === "queue" ? action.type : undefined) ?? request.type ?? "question"),
        priority: action.priority ?? request.priority ?? "normal",
        queueId: action.queueId,
        ...(complaint && action.kind === "complaint" && action.severity ? { severity: action.severity } : {}),
        language: sender.language,
      },
      timeZone,
      { intakeId },
    );
    caseId = created.id;
    queueId = created.queueId;
    agentId = created.ownerId;
  }

  let callId: string | null = null;
  if (request.kind === "call") {
    const call = await logCallIn(op, {
      direction: request.direction,
      from: request.from,
      to: request.to,
      startedAt: request.startedAt,
      durationSeconds: request.durationSeconds,
      ...(request.disposition ? { disposition: request.disposition } : {}),
      ...(request.recordingRef ? { recordingRef: request.recordingRef } : {}),
      ...(request.notes ? { notes: request.notes } : {}),
      accountId: sender.accountId,
      contactId: sender.contactId,
      caseId,
      leadId,
      ownerId: agentId,
    });
    callId = call.id;
  }

  const row: IntakeRow = {
    tenant_id: op.tenantId,
    id: intakeId,
    kind: request.kind,
    channel,
    idempotency_key: idempotencyKey ?? null,
    payload_hash: hash,
    received_at: op.timestamp,
    actor_id: op.actor.userId,
    rule_set_id: decision.ruleSetId,
    rule_name: decision.ruleName,
    destination,
    case_id: caseId,
    lead_id: leadId,
    queue_id: queueId,
    agent_id: agentId,
    call_id: callId,
    note,
  };
  try {
    await db.insertInto("service_intakes").values(row).execute();
  } catch (error) {
    // A concurrent request with the same key got in first; the caller retries and replays it.
    if (idempotencyKey !== undefined && op.adapter.isUniqueViolation(error)) {
      throw new DuplicateError(`Idempotency key "${idempotencyKey}" is being used by a concurrent request`, {
        details: { idempotencyKey },
        cause: error,
      });
    }
    throw error;
  }
  // Not a record change: an intake is routed, nothing versioned changes (the case or lead it made announced itself).
  op.emit("intake.routed", {
    id: intakeId,
    channel,
    destination,
    caseId,
    leadId,
    queueId,
    ruleName: decision.ruleName,
  });
  return toResult(row, false);
}

/** An earlier intake's result, by its id. */
export async function readIntake(op: OperationContext, id: string): Promise<IntakeResult> {
  const intakeId = parseInput(idSchema("itk"), id);
  await op.authorize("intake:read");
  const row = await serviceDb(op)
    .selectFrom("service_intakes")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", intakeId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("intake", intakeId);
  return toResult(row, false);
}
