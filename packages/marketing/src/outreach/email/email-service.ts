import { idSchema, type ModuleContext, type Page, parseInput } from "@rapport/core";
import * as z from "zod";
import { type ResolvedOutreachOptions, sendingConfig } from "../outreach-options.js";
import { outreachDb, type RecipientStatus } from "../outreach-tables.js";
import {
  type BounceInput,
  bounceSchema,
  type ComplaintInput,
  clickUrlSchema,
  complaintSchema,
  recordBounceIn,
  recordComplaintIn,
  recordEngagementIn,
  trackingTokenSchema,
  type UnsubscribeResult,
  unsubscribeIn,
} from "./email-feedback.js";
import { mailSendEntity } from "./mail-send-entity.js";
import { createSendIn } from "./send-create.js";
import { countRecipients, deliverSend, reportOf, type SendReport } from "./send-delivery.js";
import type { CreateSendInput } from "./send-schema.js";

/** One recipient of a send, as `email.recipients` lists it (no address, no message body). */
export interface MailRecipient {
  readonly contactId: string;
  readonly status: RecipientStatus;
  /** Why a recipient was skipped or failed. */
  readonly reason: string | null;
  readonly claimedAt: string | null;
  readonly finishedAt: string | null;
  readonly messageId: string | null;
  readonly openedAt: string | null;
  readonly clickedAt: string | null;
  readonly bouncedAt: string | null;
  readonly unsubscribedAt: string | null;
}

/** `client.marketing.email`: mass email sends, delivery, unsubscribe, bounces, complaints, opens and clicks. */
export interface EmailService {
  /**
   * Creates a send (status `queued`): checks the template, reads the audience under the
   * caller's scopes, decides consent, renders each recipient's message and writes one claim
   * row per recipient. Bad input, a template error or (with `withoutConsent: "refuse"`, the
   * default) a recipient who may not be emailed: a typed error and nothing written.
   */
  createSend(input: CreateSendInput): Promise<SendReport>;
  /**
   * Delivers a send's pending recipients: each is claimed in the database (committed)
   * before its message goes to the transport, so calling it again after a crash never
   * sends twice to anyone. Must be called outside a transaction (`EMAIL_DELIVERY_IN_TRANSACTION`).
   */
  deliver(sendId: string): Promise<SendReport>;
  /** {@link createSend} then {@link deliver}. */
  send(input: CreateSendInput): Promise<SendReport>;
  /** Where a send stands: its record and its recipients counted by status. */
  report(sendId: string): Promise<SendReport>;
  /** A send's recipients in send order, paged (`limit` up to 500; `cursor` from the last page). */
  recipients(sendId: string, options?: { limit?: number; cursor?: string }): Promise<Page<MailRecipient>>;
  /**
   * One-click unsubscribe from a message's link: the signed token names tenant, send and
   * contact. Tampered, another tenant's or expired: `ValidationError` (`details.reason`
   * `unsubscribe_token_invalid` / `unsubscribe_token_expired`), nothing written.
   */
  unsubscribe(token: string): Promise<UnsubscribeResult>;
  /** A bounce the host's mail provider reported: marks the message; a hard bounce suppresses the address. */
  recordBounce(input: BounceInput): Promise<void>;
  /** A spam complaint: suppresses the address and withdraws its contacts' email consent. */
  recordComplaint(input: ComplaintInput): Promise<void>;
  /** The host's open pixel was fetched: records the recipient's first open. Returns whether it was the first. */
  recordOpen(token: string): Promise<boolean>;
  /** The host's click redirect was followed: records the first click (and open). Returns whether it was the first click. */
  recordClick(token: string, url: string): Promise<boolean>;
}

const pageSchema = z
  .object({
    limit: z.number().int().min(1).max(500).optional(),
    cursor: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional(),
  })
  .strict();

/** Builds `client.marketing.email`. */
export function createEmailService(ctx: ModuleContext, options: ResolvedOutreachOptions): EmailService {
  const report = (sendId: string) =>
    ctx.read(async (op) => {
      const id = parseInput(idSchema("msend"), sendId);
      const sends = op.records(mailSendEntity);
      const send = await sends.shown(await sends.get(id));
      return reportOf(send, await countRecipients(op, id));
    });
  const createSend = (input: CreateSendInput) =>
    ctx.run(async (op) => {
      const send = await createSendIn(op, options, input);
      return reportOf(await op.records(mailSendEntity).shown(send), await countRecipients(op, send.id));
    });
  return {
    createSend,
    deliver: (sendId) => deliverSend(ctx, options, sendId),
    send: async (input) => deliverSend(ctx, options, (await createSend(input)).send.id),
    report,
    recipients: (sendId, page = {}) =>
      ctx.read(async (op) => {
        const id = parseInput(idSchema("msend"), sendId);
        const { limit = 100, cursor } = parseInput(pageSchema, page);
        await op.records(mailSendEntity).get(id);
        let query = outreachDb(op)
          .selectFrom("marketing_mail_recipients")
          .select([
            "position",
            "contact_id",
            "status",
            "reason",
            "claimed_at",
            "finished_at",
            "message_id",
            "opened_at",
            "clicked_at",
            "bounced_at",
            "unsubscribed_at",
          ])
          .where("tenant_id", "=", op.tenantId)
          .where("send_id", "=", id)
          .orderBy("position")
          .limit(limit + 1);
        if (cursor !== undefined) query = query.where("position", ">", Number(cursor));
        const rows = await query.execute();
        const items = rows.slice(0, limit).map(
          (row): MailRecipient => ({
            contactId: row.contact_id,
            status: row.status,
            reason: row.reason,
            claimedAt: row.claimed_at,
            finishedAt: row.finished_at,
            messageId: row.message_id,
            openedAt: row.opened_at,
            clickedAt: row.clicked_at,
            bouncedAt: row.bounced_at,
            unsubscribedAt: row.unsubscribed_at,
          }),
        );
        const last = rows[limit - 1];
        return { items, nextCursor: rows.length > limit && last ? String(last.position) : null };
      }),
    unsubscribe: (token) =>
      ctx.run(async (op) => {
        const secret = options.unsubscribeSecret;
        if (secret === null) sendingConfig(options);
        return unsubscribeIn(op, secret as string, token);
      }),
    recordBounce: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(bounceSchema, input);
        await op.authorize("email_suppression:create");
        await recordBounceIn(op, parsed);
      }),
    recordComplaint: (input) =>
      ctx.run(async (op) => {
        const parsed = parseInput(complaintSchema, input);
        await op.authorize("email_suppression:create");
        await op.authorize("consent:update");
        await recordComplaintIn(op, parsed.address);
      }),
    recordOpen: (token) => ctx.run((op) => recordEngagementIn(op, parseInput(trackingTokenSchema, token), null)),
    recordClick: (token, url) =>
      ctx.run(async (op) => {
        const parsed = parseInput(z.object({ token: trackingTokenSchema, url: clickUrlSchema }), { token, url });
        return recordEngagementIn(op, parsed.token, parsed.url);
      }),
  };
}
