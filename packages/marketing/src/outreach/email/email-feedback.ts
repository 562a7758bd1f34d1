import { emailAddressSchema, type OperationContext, ValidationError } from "@rapport/core";
import * as z from "zod";
import { applyConsent, findConsent } from "../consent/consent-store.js";
import { suppress } from "../consent/suppression-store.js";
import { type MailRecipientRow, outreachDb } from "../outreach-tables.js";
import { advanceMember } from "./campaign-link.js";
import { verifyUnsubscribeToken } from "./unsubscribe-token.js";

/** Payload of `mail_recipient.unsubscribed`, `.opened`, `.clicked` and `.bounced`. */
export interface MailRecipientEventData {
  readonly sendId: string;
  readonly contactId: string;
}

/** Payload of `mail_recipient.clicked`. */
export interface MailRecipientClickedData extends MailRecipientEventData {
  readonly url: string;
}

/** Input of `email.recordBounce`. */
export const bounceSchema = z
  .object({
    address: emailAddressSchema,
    /** `hard`: the address does not exist (it is suppressed); `soft`: a full mailbox, a greylisting. */
    kind: z.enum(["hard", "soft"]),
  })
  .strict();
/** Input of `email.recordBounce`. */
export type BounceInput = z.input<typeof bounceSchema>;

/** Input of `email.recordComplaint`. */
export const complaintSchema = z.object({ address: emailAddressSchema }).strict();
/** Input of `email.recordComplaint`. */
export type ComplaintInput = z.input<typeof complaintSchema>;

/** A tracking token as put in messages: 22 base64url characters. */
export const trackingTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/, "Not a tracking token");

/** The link a click went to: http or https. */
export const clickUrlSchema = z
  .string()
  .max(4_096)
  .refine((value) => /^https?:$/.test(URL.canParse(value) ? new URL(value).protocol : ""), "Not an http(s) URL");

/** What an unsubscribe did. */
export interface UnsubscribeResult {
  readonly contactId: string;
  /** False when the contact had already withdrawn (nothing was written). */
  readonly changed: boolean;
}

/**
 * One-click unsubscribe: verifies the signed token (`ValidationError` with reason
 * `unsubscribe_token_invalid` or `unsubscribe_token_expired`, nothing written), then
 * withdraws the contact's email consent (source `unsubscribe`) and marks the recipient.
 * The token is the authority: no permission is asked of the actor.
 */
export async function unsubscribeIn(op: OperationContext, secret: string, token: unknown): Promise<UnsubscribeResult> {
  const claim = verifyUnsubscribeToken(secret, token, op.tenantId, op.now);
  const subject = { type: "contact", id: claim.contactId } as const;
  const before = await findConsent(op, subject, "email");
  if (before?.status === "withdrawn") return { contactId: claim.contactId, changed: false };
  await applyConsent(
    op,
    subject,
    "email",
    {
      status: "withdrawn",
      lawfulBasis: before?.lawfulBasis ?? "consent",
      source: `unsubscribe:${claim.sendId}`,
      optInTokenHash: null,
      optInExpiresAt: null,
    },
    "unsubscribe",
  );
  await outreachDb(op)
    .updateTable("marketing_mail_recipients")
    .set({ unsubscribed_at: op.timestamp })
    .where("tenant_id", "=", op.tenantId)
    .where("send_id", "=", claim.sendId)
    .where("contact_id", "=", claim.contactId)
    .where("unsubscribed_at", "is", null)
    .execute();
  op.emit("mail_recipient.unsubscribed", {
    sendId: claim.sendId,
    contactId: claim.contactId,
  } satisfies MailRecipientEventData);
  return { contactId: claim.contactId, changed: true };
}

/** The latest sent message to an address, if any. */
async function latestSentTo(op: OperationContext, address: string): Promise<MailRecipientRow | undefined> {
  return outreachDb(op)
    .selectFrom("marketing_mail_recipients")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("address", "=", address)
    .where("status", "=", "sent")
    .orderBy("finished_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * A bounce: marks the latest message to the address bounced; a hard bounce also suppresses
 * the address (the person's consent is unchanged: the address is what failed).
 */
export async function recordBounceIn(op: OperationContext, input: z.output<typeof bounceSchema>): Promise<void> {
  const row = await latestSentTo(op, input.address);
  if (row && row.bounced_at === null) {
    await outreachDb(op)
      .updateTable("marketing_mail_recipients")
      .set({ bounced_at: op.timestamp, bounce_kind: input.kind })
      .where("tenant_id", "=", op.tenantId)
      .where("send_id", "=", row.send_id)
      .where("contact_id", "=", row.contact_id)
      .execute();
    op.emit("mail_recipient.bounced", {
      sendId: row.send_id,
      contactId: row.contact_id,
    } satisfies MailRecipientEventData);
  }
  if (input.kind === "hard") await suppress(op, input.address, "hard_bounce", row ? `bounce:${row.send_id}` : "bounce");
}

/**
 * A complaint (marked as spam): suppresses the address and withdraws the email consent of
 * every contact whose primary address it is.
 */
export async function recordComplaintIn(op: OperationContext, address: string): Promise<void> {
  await suppress(op, address, "complaint", "complaint");
  const contacts = (
    op.asSystem().client() as unknown as {
      contacts: { list(o: unknown): Promise<{ items: { id: string }[] }> };
    }
  ).contacts;
  const holders = await contacts.list({ filter: [{ field: "primaryEmail", op: "eq", value: address }], limit: 100 });
  for (const contact of holders.items) {
    const subject = { type: "contact", id: contact.id } as const;
    const before = await findConsent(op, subject, "email");
    if (before?.status === "withdrawn") continue;
    await applyConsent(
      op,
      subject,
      "email",
      {
        status: "withdrawn",
        lawfulBasis: before?.lawfulBasis ?? "consent",
        source: "complaint",
        optInTokenHash: null,
        optInExpiresAt: null,
      },
      "complaint",
    );
  }
}

async function recipientByToken(op: OperationContext, token: string): Promise<MailRecipientRow> {
  const row = await outreachDb(op)
    .selectFrom("marketing_mail_recipients")
    .selectAll()
    .where("tenant_id", "=", op.tenantId)
    .where("tracking_token", "=", token)
    .executeTakeFirst();
  if (row?.status !== "sent") {
    throw ValidationError.forField(["token"], "Unknown tracking token", { reason: "tracking_token_unknown" });
  }
  return row;
}

/**
 * Records the first open (and, with `url`, the first click) of a recipient's message; a
 * later open or click changes nothing and emits nothing. Returns whether it was the first.
 */
export async function recordEngagementIn(op: OperationContext, token: string, url: string | null): Promise<boolean> {
  const row = await recipientByToken(op, token);
  const firstOpen = row.opened_at === null;
  const firstClick = url !== null && row.clicked_at === null;
  if (!firstOpen && !firstClick) return false;
  await outreachDb(op)
    .updateTable("marketing_mail_recipients")
    .set({
      // A click proves an open, even when the pixel was blocked.
      ...(firstOpen ? { opened_at: op.timestamp } : {}),
      ...(firstClick ? { clicked_at: op.timestamp } : {}),
    })
    .where("tenant_id", "=", op.tenantId)
    .where("send_id", "=", row.send_id)
    .where("contact_id", "=", row.contact_id)
    .execute();
  const data: MailRecipientEventData = { sendId: row.send_id, contactId: row.contact_id };
  if (firstOpen) op.emit("mail_recipient.opened", data);
  if (firstClick) op.emit("mail_recipient.clicked", { ...data, url } satisfies MailRecipientClickedData);
  const send = await outreachDb(op)
    .selectFrom("marketing_mail_sends")
    .select("campaign_id")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", row.send_id)
    .executeTakeFirst();
  if (send?.campaign_id) await advanceMember(op, send.campaign_id, row.contact_id, firstClick ? "clicked" : "opened");
  return true;
}
