import {
  boundContext,
  type Contact,
  type CoreClient,
  createEntityService,
  IdempotencyKeyError,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import type * as z from "zod";
import { type LeadCaptureRow, salesDb } from "../database.js";
import type { SalesErrorReason } from "../errors.js";
import { claimIdempotencyKey, retryingKeyRace } from "../internal/idempotency.js";
import { canonical, payloadHash } from "../internal/payload-hash.js";
import { preparedDefinition } from "../internal/prepared-definition.js";
import { createOpportunityIn } from "../opportunities/opportunity-service.js";
import { type CaptureOutcome, type CaptureResult, captureLeadSchema, captureOptionsSchema } from "./capture-schema.js";
import { normalisedPhone } from "./contact-normalise.js";
import { convertLead } from "./lead-conversion.js";
import { type Lead, leadEntity } from "./lead-entity.js";
import { firstMatchingRule, routeLead, territoryFor } from "./lead-routing.js";
import type { LeadRule } from "./lead-rule-entity.js";

type Submission = z.output<typeof captureLeadSchema>;

function replay(row: LeadCaptureRow): CaptureResult {
  return {
    captureId: row.id,
    outcome: row.outcome as CaptureOutcome,
    leadId: row.lead_id,
    contactId: row.contact_id,
    opportunityId: row.opportunity_id,
    replayed: true,
  };
}

/** The oldest open (not converted, not disqualified) lead with the submission's email, else its phone. */
async function openLeadLike(op: OperationContext, submission: Submission): Promise<string | null> {
  const match = async (column: "email" | "phone", value: string | null | undefined) => {
    if (!value) return null;
    const row = await salesDb(op)
      .selectFrom("sales_leads")
      .select("id")
      .where("tenant_id", "=", op.tenantId)
      .where(column, "=", value)
      .where("status", "in", ["new", "working", "qualified"])
      .where("converted_at", "is", null)
      .where("archived_at", "is", null)
      .orderBy("created_at")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  };
  return (await match("email", submission.email)) ?? (await match("phone", submission.phone));
}

/** Fills the open lead's empty fields from the submission; never overwrites what a person entered. */
async function attachToLead(op: OperationContext, leadId: string, submission: Submission): Promise<void> {
  const leads = op.records(leadEntity);
  const lead = await leads.loadForChange(leadId, { authorize: false });
  const patch: Record<string, unknown> = {};
  for (const field of ["firstName", "lastName", "company", "title", "email", "phone", "country", "message"] as const) {
    if (lead[field] === null && submission[field] != null) patch[field] = submission[field];
  }
  const interests = [...new Set([...lead.productInterests, ...submission.productInterests])];
  if (interests.length !== lead.productInterests.length) patch.productInterests = interests;
  await leads.change(lead, patch as Partial<Lead>, { action: "capture", validate: true });
}

async function createFromSubmission(
  op: OperationContext,
  submission: Submission,
): Promise<{ lead: Lead; rule: LeadRule | null }> {
  const territoryId = await territoryFor(op, submission.country);
  const routing = await routeLead(op, {
    source: submission.source,
    country: submission.country ?? null,
    territoryId,
    productInterests: submission.productInterests,
  });
  const lead = await createEntityService(boundContext(op), preparedDefinition(leadEntity)).create({
    ...submission,
    territoryId,
    ownerId: routing.ownerId,
    ruleId: routing.rule?.id ?? null,
    status: "new",
  });
  return { lead, rule: routing.rule };
}

/** A rule's auto-conversion of a submission that matched an existing contact: a deal on the contact's account. */
async function opportunityForContact(
  op: OperationContext,
  contact: Contact,
  submission: Submission,
  rule: LeadRule,
): Promise<string | null> {
  if (contact.accountId === null) return null;
  const account = await (op.client() as CoreClient).accounts.get(contact.accountId);
  const interest = submission.productInterests.length > 0 ? ` – ${submission.productInterests.join(", ")}` : "";
  const opportunity = await createOpportunityIn(op, {
    name: `${account.name}${interest}`.slice(0, 200),
    accountId: account.id,
    primaryContactId: contact.id,
    source: submission.source,
    ...(rule.convertPipelineId ? { pipelineId: rule.convertPipelineId } : {}),
  });
  return opportunity.id;
}

async function captureIn(
  op: OperationContext,
  submission: Submission,
  hash: string,
  key: string | null,
): Promise<CaptureResult> {
  await op.authorize("lead:capture");
  const db = salesDb(op);
  if (key !== null) {
    const earlier = await db
      .selectFrom("sales_lead_captures")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("idempotency_key", "=", key)
      .executeTakeFirst();
    if (earlier) {
      if (earlier.payload_hash !== hash) {
        throw new IdempotencyKeyError(`Idempotency key "${key}" was used for a different submission`, {
          details: {
            reason: "idempotency_key_reused" satisfies SalesErrorReason,
            idempotencyKey: key,
            captureId: earlier.id,
          },
        });
      }
      return replay(earlier);
    }
  }
  const captureId = op.newId("lcap");
  // Claim the key before any other write: a concurrent capture with the same key waits here, then fails and replays.
  await claimIdempotencyKey(op, "capture", key, () =>
    db
      .insertInto("sales_lead_captures")
      .values({
        tenant_id: op.tenantId,
        id: captureId,
        idempotency_key: key,
        payload_hash: hash,
        outcome: "created",
        lead_id: null,
        contact_id: null,
        opportunity_id: null,
        source: submission.source,
        payload: canonical(submission),
        received_at: op.timestamp,
        actor_id: op.actor.userId,
      })
      .execute(),
  );
  // The caller holds lead:capture; the writes it implies (lead, routing, conversion) need nothing more.
  const w = op.asSystem();
  let outcome: CaptureOutcome;
  let leadId: string | null = null;
  let contactId: string | null = null;
  let opportunityId: string | null = null;
  const openLead = await openLeadLike(w, submission);
  if (openLead !== null) {
    outcome = "attached_to_lead";
    leadId = openLead;
    await attachToLead(w, openLead, submission);
  } else {
    const contact = submission.email ? await (w.client() as CoreClient).contacts.findByEmail(submission.email) : null;
    if (contact) {
      outcome = "attached_to_contact";
      contactId = contact.id;
      const rule = await firstMatchingRule(w, {
        source: submission.source,
        country: submission.country ?? null,
        territoryId: await territoryFor(w, submission.country),
        productInterests: submission.productInterests,
      });
      if (rule?.autoConvert) opportunityId = await opportunityForContact(w, contact, submission, rule);
    } else {
      outcome = "created";
      const { lead, rule } = await createFromSubmission(w, submission);
      leadId = lead.id;
      if (rule?.autoConvert) {
        const leads = w.records(leadEntity);
        const created = await leads.loadForChange(lead.id, { authorize: false });
        await leads.change(created, { status: "qualified" }, { action: "qualify" });
        const conversion = await convertLead(w, lead.id, {
          opportunity: rule.convertPipelineId ? { pipelineId: rule.convertPipelineId } : {},
        });
        contactId = conversion.contact?.id ?? null;
        opportunityId = conversion.opportunity?.id ?? null;
      }
    }
  }
  await db
    .updateTable("sales_lead_captures")
    .set({ outcome, lead_id: leadId, contact_id: contactId, opportunity_id: opportunityId })
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", captureId)
    .execute();
  // Not a record change: a capture is a log row (not versioned); the lead it made announced itself.
  op.emit("lead.captured", { captureId, outcome, leadId, contactId, opportunityId, source: submission.source });
  return { captureId, outcome, leadId, contactId, opportunityId, replayed: false };
}

/**
 * `leads.capture`: validates and normalises before touching the database, then captures
 * in one transaction. Losing a race for the idempotency key (another capture with the same
 * key committed first) retries, which replays that capture's result.
 */
export async function captureLead(ctx: ModuleContext, input: unknown, options: unknown): Promise<CaptureResult> {
  const parsed = parseInput(captureLeadSchema, input);
  const { idempotencyKey } = parseInput(captureOptionsSchema, options);
  const submission: Submission = { ...parsed, phone: normalisedPhone(parsed.phone, parsed.country) };
  const hash = payloadHash(submission);
  return retryingKeyRace(ctx, (op) => captureIn(op, submission, hash, idempotencyKey ?? null));
}
