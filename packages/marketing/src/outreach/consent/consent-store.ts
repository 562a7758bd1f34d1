import { createHash } from "node:crypto";
import { NotFoundError, type OperationContext, ValidationError } from "@rapport/core";
import { outreachDb } from "../outreach-tables.js";
import { consentEntity, type StoredConsent } from "./consent-entity.js";
import type { ConsentChannel, ConsentStatus, ConsentSubject, LawfulBasis } from "./consent-schema.js";

/** Payload of `consent.granted`, `consent.withdrawn` and `consent.opt_in_requested`. */
export interface ConsentEventData {
  readonly id: string;
  readonly subjectType: "contact" | "lead";
  readonly subjectId: string;
  readonly channel: ConsentChannel;
  readonly source: string | null;
}

/** What a consent verb sets. */
export interface ConsentChange {
  readonly status: ConsentStatus;
  readonly lawfulBasis: LawfulBasis;
  readonly source: string;
  readonly optInTokenHash: string | null;
  readonly optInExpiresAt: string | null;
}

/** SHA-256 of an opt-in token, as stored: the token itself is only handed to the caller. */
export function hashOptInToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The event a status change rides on. */
function statusEvent(status: ConsentStatus): string {
  if (status === "granted") return "consent.granted";
  if (status === "withdrawn") return "consent.withdrawn";
  return "consent.opt_in_requested";
}

function eventOfRecord(record: StoredConsent) {
  const data: ConsentEventData = {
    id: record.id,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    channel: record.channel,
    source: record.source,
  };
  return [{ type: statusEvent(record.status), data }];
}

/**
 * Checks that the subject exists in the tenant: a missing contact or lead, or a lead
 * without the sales module, is a `ValidationError` at `subject`.
 */
export async function requireSubject(op: OperationContext, subject: ConsentSubject): Promise<void> {
  if (subject.type === "lead" && !op.knownEntityTypes().includes("lead")) {
    throw ValidationError.forField(["subject", "type"], "Consent of leads needs the sales module");
  }
  try {
    await op.asSystem().recordRef(subject.type, subject.id);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw ValidationError.forField(["subject", "id"], `Unknown ${subject.type} ${subject.id}`);
  }
}

/** The consent of a subject on a channel, or `null` when none was ever recorded. */
export async function findConsent(
  op: OperationContext,
  subject: ConsentSubject,
  channel: ConsentChannel,
): Promise<StoredConsent | null> {
  const row = await outreachDb(op)
    .selectFrom("marketing_consents")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("subject_type", "=", subject.type)
    .where("subject_id", "=", subject.id)
    .where("channel", "=", channel)
    .executeTakeFirst();
  return row ? op.records(consentEntity).get(row.id, { authorize: false }) : null;
}

/**
 * Writes a subject's consent on a channel through the record layer: inserts it the first
 * time, changes it after (audited, with `consent.updated` and the status's own event). A
 * change to the same state writes nothing. The caller has authorised the actor for `consent:update`.
 */
export async function applyConsent(
  op: OperationContext,
  subject: ConsentSubject,
  channel: ConsentChannel,
  next: ConsentChange,
  action: string,
  /** Check the caller's `consent:update` scope on an existing record; token-driven verbs (unsubscribe, opt-in confirmation) do not. */
  checkScope = false,
): Promise<StoredConsent> {
  // One writer per subject and channel, so two first consents cannot both insert.
  await op.lock(`consent:${subject.type}:${subject.id}:${channel}`);
  const consents = op.records(consentEntity);
  const existing = await findConsent(op, subject, channel);
  if (!existing) {
    const [created] = await consents.insert(
      [
        {
          subjectType: subject.type,
          subjectId: subject.id,
          channel,
          ...next,
          changedAt: op.timestamp,
        },
      ],
      { events: eventOfRecord },
    );
    return created as StoredConsent;
  }
  const before = await consents.loadForChange(existing.id, { authorize: checkScope ? "update" : false });
  const statusChanges = before.status !== next.status;
  return consents.change(
    before,
    { ...next, ...(statusChanges ? { changedAt: op.timestamp } : {}) },
    { action, events: (after) => (statusChanges ? eventOfRecord(after) : []) },
  );
}
