import { randomBytes } from "node:crypto";
import {
  ForbiddenError,
  InvalidTransitionError,
  type ModuleContext,
  type OperationContext,
  parseInput,
  ValidationError,
} from "@rapport/core";
import type { ResolvedOutreachOptions } from "../outreach-options.js";
import { outreachDb } from "../outreach-tables.js";
import { type Consent, consentEntity, consentView } from "./consent-entity.js";
import {
  type ConsentChannel,
  type ConsentQuery,
  type ConsentRequestInput,
  type ConsentStatus,
  type ConsentSubject,
  consentQuerySchema,
  consentRequestSchema,
  consentSubjectSchema,
  optInTokenSchema,
  type RecordConsentInput,
  recordConsentSchema,
} from "./consent-schema.js";
import { applyConsent, findConsent, hashOptInToken, requireSubject } from "./consent-store.js";
import { isSuppressed } from "./suppression-store.js";

/** Why a message may or may not go to a subject on a channel. */
export type ConsentDecisionReason =
  | "granted"
  | "no_consent"
  | "pending"
  | "withdrawn"
  | "suppressed"
  | "do_not_contact";

/** The answer of `consents.check`. */
export interface ConsentDecision {
  /** True only when consent is `granted` and nothing else (suppression, do-not-contact) forbids it. */
  readonly allowed: boolean;
  readonly status: ConsentStatus | null;
  readonly reason: ConsentDecisionReason;
}

/** A pending double opt-in: the record and the token to send the subject (shown once, never stored). */
export interface OptInRequest {
  readonly consent: Consent;
  readonly token: string;
  readonly expiresAt: string;
}

/** `client.marketing.consents`: consent per subject and channel, double opt-in, withdrawal, the send check. */
export interface ConsentService {
  /**
   * Records a subject's consent on a channel as given now (`granted` or `withdrawn`), with
   * its source and lawful basis. Audited; a change to the same state writes nothing.
   */
  record(input: RecordConsentInput): Promise<Consent>;
  /** Withdraws a subject's consent on a channel (recorded even when none was given before). */
  withdraw(input: ConsentRequestInput): Promise<Consent>;
  /**
   * Starts a double opt-in: the consent becomes `pending` and a token is issued, valid for
   * `optInTtlHours`; the host mails the subject a link carrying it. `InvalidTransitionError`
   * when consent is already granted.
   */
  requestOptIn(input: ConsentRequestInput): Promise<OptInRequest>;
  /**
   * Confirms a double opt-in: the pending consent becomes `granted` (lawful basis `consent`).
   * An unknown, used or expired token is a `ValidationError` (`details.reason`
   * `opt_in_token_invalid` or `opt_in_token_expired`) and writes nothing.
   */
  confirmOptIn(token: string): Promise<Consent>;
  /** The subject's consent on a channel, or `null` when none was recorded. */
  get(query: ConsentQuery): Promise<Consent | null>;
  /** Every channel's consent of a subject. */
  listFor(subject: ConsentSubject): Promise<Consent[]>;
  /**
   * Whether a message may go to the subject on the channel now: consent `granted`, and for a
   * contact not marked do-not-email/do-not-call, and for email the address not suppressed.
   * Every send path uses this rule.
   */
  check(query: ConsentQuery): Promise<ConsentDecision>;
}

interface ContactFlags {
  readonly doNotEmail: boolean;
  readonly doNotCall: boolean;
  readonly primaryEmail: string | null;
}

interface PeerClients {
  readonly contacts?: { get(id: string): Promise<ContactFlags> };
  readonly sales?: { readonly leads?: { get(id: string): Promise<{ readonly email: string | null }> } };
}

/** The decision rule, in the caller's operation: see {@link ConsentService.check}. */
export async function decideConsent(
  op: OperationContext,
  subject: ConsentSubject,
  channel: ConsentChannel,
): Promise<ConsentDecision> {
  const consent = await findConsent(op, subject, channel);
  const status = consent?.status ?? null;
  if (status !== "granted") return { allowed: false, status, reason: status ?? "no_consent" };
  // Whether the subject may be reached is not a question of the caller's scopes.
  const peers = op.asSystem().client() as PeerClients;
  let address: string | null = null;
  if (subject.type === "contact" && peers.contacts) {
    const contact = await peers.contacts.get(subject.id);
    const blocked = channel === "email" ? contact.doNotEmail : channel === "post" ? false : contact.doNotCall;
    if (blocked) return { allowed: false, status, reason: "do_not_contact" };
    address = contact.primaryEmail;
  } else if (subject.type === "lead") {
    address = (await peers.sales?.leads?.get(subject.id))?.email ?? null;
  }
  if (channel === "email" && address !== null && (await isSuppressed(op, address))) {
    return { allowed: false, status, reason: "suppressed" };
  }
  return { allowed: true, status, reason: "granted" };
}

/** Builds `client.marketing.consents`. */
export function createConsentService(ctx: ModuleContext, options: ResolvedOutreachOptions): ConsentService {
  const shown = async (op: OperationContext, record: Parameters<typeof consentView>[0]) =>
    consentView(await op.records(consentEntity).shown(record));
  return {
    record: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(recordConsentSchema, input);
        await op.authorize("consent:update");
        await requireSubject(op, parsed.subject);
        const record = await applyConsent(
          op,
          parsed.subject,
          parsed.channel,
          {
            status: parsed.status,
            lawfulBasis: parsed.lawfulBasis,
            source: parsed.source,
            optInTokenHash: null,
            optInExpiresAt: null,
          },
          parsed.status === "granted" ? "grant" : "withdraw",
          true,
        );
        return shown(op, record);
      }),
    withdraw: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(consentRequestSchema, input);
        await op.authorize("consent:update");
        await requireSubject(op, parsed.subject);
        const before = await findConsent(op, parsed.subject, parsed.channel);
        // Withdrawing what is already withdrawn changes nothing, whatever the source says.
        if (before?.status === "withdrawn") return shown(op, await op.records(consentEntity).get(before.id));
        const record = await applyConsent(
          op,
          parsed.subject,
          parsed.channel,
          {
            status: "withdrawn",
            lawfulBasis: before?.lawfulBasis ?? "consent",
            source: parsed.source,
            optInTokenHash: null,
            optInExpiresAt: null,
          },
          "withdraw",
          true,
        );
        return shown(op, record);
      }),
    requestOptIn: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(consentRequestSchema, input);
        await op.authorize("consent:update");
        await requireSubject(op, parsed.subject);
        const before = await findConsent(op, parsed.subject, parsed.channel);
        if (before?.status === "granted") {
          throw new InvalidTransitionError(`${parsed.subject.type} ${parsed.subject.id} has already granted consent`, {
            details: { reason: "consent_already_granted", consentId: before.id },
          });
        }
        const token = randomBytes(32).toString("base64url");
        const expiresAt = new Date(op.now.getTime() + options.optInTtlMs).toISOString();
        const record = await applyConsent(
          op,
          parsed.subject,
          parsed.channel,
          {
            status: "pending",
            lawfulBasis: "consent",
            source: parsed.source,
            optInTokenHash: hashOptInToken(token),
            optInExpiresAt: expiresAt,
          },
          "request_opt_in",
          true,
        );
        return { consent: await shown(op, record), token, expiresAt };
      }),
    confirmOptIn: (token) =>
      ctx.run(async (op) => {
        const parsedToken = parseInput(optInTokenSchema, token);
        await op.authorize("consent:update");
        const row = await outreachDb(op)
          .selectFrom("marketing_consents")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("opt_in_token_hash", "=", hashOptInToken(parsedToken))
          .executeTakeFirst();
        const pending = row ? await op.records(consentEntity).get(row.id, { authorize: false }) : null;
        if (pending?.status !== "pending" || pending.optInExpiresAt === null) {
          throw ValidationError.forField(["token"], "Unknown or used opt-in token", { reason: "opt_in_token_invalid" });
        }
        if (pending.optInExpiresAt <= op.timestamp) {
          throw ValidationError.forField(["token"], "The opt-in token has expired", { reason: "opt_in_token_expired" });
        }
        const subject = consentSubjectSchema.parse({ type: pending.subjectType, id: pending.subjectId });
        const record = await applyConsent(
          op,
          subject,
          pending.channel,
          {
            status: "granted",
            lawfulBasis: "consent",
            source: pending.source ?? "double_opt_in",
            optInTokenHash: null,
            optInExpiresAt: null,
          },
          "confirm_opt_in",
        );
        return shown(op, record);
      }),
    get: (query) =>
      ctx.read(async (op) => {
        const parsed = parseInput(consentQuerySchema, query);
        await op.authorize("consent:read");
        const record = await findConsent(op, parsed.subject, parsed.channel);
        // Read again with the caller's scope of consent:read checked on the record.
        return record ? shown(op, await op.records(consentEntity).get(record.id)) : null;
      }),
    listFor: (subject) =>
      ctx.read(async (op) => {
        const parsed = parseInput(consentSubjectSchema, subject);
        await op.authorize("consent:read");
        const rows = await outreachDb(op)
          .selectFrom("marketing_consents")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("subject_type", "=", parsed.type)
          .where("subject_id", "=", parsed.id)
          .orderBy("channel")
          .execute();
        const consents = op.records(consentEntity);
        const found: Consent[] = [];
        for (const row of rows) {
          // Consents outside the caller's consent:read scope are left out.
          const record = await consents.get(row.id).catch((error: unknown) => {
            if (error instanceof ForbiddenError) return null;
            throw error;
          });
          if (record) found.push(await shown(op, record));
        }
        return found;
      }),
    check: (query) =>
      ctx.read(async (op) => {
        const parsed = parseInput(consentQuerySchema, query);
        await op.authorize("consent:read");
        return decideConsent(op, parsed.subject, parsed.channel);
      }),
  };
}
