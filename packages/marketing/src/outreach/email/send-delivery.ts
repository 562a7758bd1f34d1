import { CrmError, idSchema, type ModuleContext, type OperationContext, parseInput } from "@rapport/core";
import { type ResolvedOutreachOptions, sendingConfig } from "../outreach-options.js";
import { type MailRecipientRow, outreachDb, type RecipientStatus } from "../outreach-tables.js";
import type { OutgoingMessage } from "../transports/mail-transport.js";
import { advanceMember } from "./campaign-link.js";
import { emailExclusions } from "./email-audience.js";
import { type MailSendRecord, mailSendEntity } from "./mail-send-entity.js";

/** Where a send stands, counted in SQL from its claim rows. */
export interface SendReport {
  readonly send: MailSendRecord;
  /** Not yet claimed. */
  readonly pending: number;
  /** Accepted by the transport. */
  readonly sent: number;
  /** Left out: no consent, suppressed, do-not-email, no address (at creation or when claimed). */
  readonly skipped: number;
  /** Refused by the transport; not retried. */
  readonly failed: number;
  /**
   * Claimed but with no outcome written: being sent right now by another process, or lost
   * in a crash between the claim and the outcome. Never handed over again unless the
   * transport is idempotent.
   */
  readonly unknown: number;
}

/** Payload of `mail_send.completed`. */
export interface MailSendCompletedData {
  readonly id: string;
  readonly version: number;
  readonly sent: number;
  readonly skipped: number;
  readonly failed: number;
  readonly unknown: number;
}

/** Payload of `mail_recipient.sent`. */
export interface MailRecipientSentData {
  readonly sendId: string;
  readonly contactId: string;
  readonly messageId: string;
}

type Claim = { readonly kind: "claimed"; readonly row: MailRecipientRow } | { readonly kind: "passed" } | null;

/** Counts a send's recipients by status, in SQL. */
export async function countRecipients(op: OperationContext, sendId: string): Promise<Record<RecipientStatus, number>> {
  const rows = await outreachDb(op)
    .selectFrom("marketing_mail_recipients")
    .select((eb) => ["status", eb.fn.countAll<number | string>().as("n")])
    .where("tenant_id", "=", op.tenantId)
    .where("send_id", "=", sendId)
    .groupBy("status")
    .execute();
  const counts: Record<RecipientStatus, number> = { pending: 0, claimed: 0, sent: 0, skipped: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

/** A send's report from its counts. */
export function reportOf(send: MailSendRecord, counts: Record<RecipientStatus, number>): SendReport {
  return {
    send,
    pending: counts.pending,
    sent: counts.sent,
    skipped: counts.skipped,
    failed: counts.failed,
    unknown: counts.claimed,
  };
}

/**
 * Claims the next recipient in the database, in its own committed transaction, before the
 * message goes anywhere: the conditional UPDATE lets one process win each row. Consent and
 * suppression are checked again at the claim; a recipient who may no longer be emailed is
 * `skipped`. With `reoffer` (an idempotent transport), a row a crash left `claimed` is
 * claimed again.
 */
async function claimNext(op: OperationContext, sendId: string, reoffer: boolean): Promise<Claim> {
  const db = outreachDb(op);
  const next = (status: RecipientStatus) =>
    db
      .selectFrom("marketing_mail_recipients")
      .selectAll()
      .where("tenant_id", "=", op.tenantId)
      .where("send_id", "=", sendId)
      .where("status", "=", status)
      .orderBy("position")
      .limit(1)
      .executeTakeFirst();
  const row = (await next("pending")) ?? (reoffer ? await next("claimed") : undefined);
  if (!row) return null;
  let claim = db
    .updateTable("marketing_mail_recipients")
    .set({ status: "claimed", claimed_at: op.timestamp })
    .where("tenant_id", "=", op.tenantId)
    .where("send_id", "=", sendId)
    .where("contact_id", "=", row.contact_id)
    .where("status", "=", row.status);
  if (row.claimed_at !== null) claim = claim.where("claimed_at", "=", row.claimed_at);
  const { numUpdatedRows } = await claim.executeTakeFirstOrThrow();
  if (numUpdatedRows === 0n) return { kind: "passed" };
  // The rule of consents.check, on the address the message goes to: consent, do-not-email, suppression.
  const contact = await db
    .selectFrom("contacts")
    .select("do_not_email")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", row.contact_id)
    .executeTakeFirst();
  const doNotEmail = contact === undefined || Boolean(contact.do_not_email);
  const excluded = await emailExclusions(op, [{ id: row.contact_id, merge: {}, address: row.address, doNotEmail }]);
  const reason = excluded.get(row.contact_id) ?? null;
  if (reason !== null) {
    await finish(op, null, row, { status: "skipped", reason });
    return { kind: "passed" };
  }
  return { kind: "claimed", row };
}

/** True while a recipient is left to claim. */
async function hasPending(op: OperationContext, sendId: string, reoffer: boolean): Promise<boolean> {
  const row = await outreachDb(op)
    .selectFrom("marketing_mail_recipients")
    .select("position")
    .where("tenant_id", "=", op.tenantId)
    .where("send_id", "=", sendId)
    .where("status", "in", reoffer ? ["pending", "claimed"] : ["pending"])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Writes a claimed recipient's outcome. */
async function finish(
  op: OperationContext,
  campaignId: string | null,
  row: MailRecipientRow,
  outcome: { status: "sent"; messageId: string } | { status: "skipped" | "failed"; reason: string },
): Promise<void> {
  await outreachDb(op)
    .updateTable("marketing_mail_recipients")
    .set({
      status: outcome.status,
      finished_at: op.timestamp,
      ...(outcome.status === "sent" ? { message_id: outcome.messageId } : { reason: outcome.reason.slice(0, 500) }),
    })
    .where("tenant_id", "=", op.tenantId)
    .where("send_id", "=", row.send_id)
    .where("contact_id", "=", row.contact_id)
    .where("status", "=", "claimed")
    .execute();
  if (outcome.status === "sent") {
    const data: MailRecipientSentData = {
      sendId: row.send_id,
      contactId: row.contact_id,
      messageId: outcome.messageId,
    };
    op.emit("mail_recipient.sent", data);
    if (campaignId !== null) await advanceMember(op, campaignId, row.contact_id, "sent");
  }
}

function messageOf(send: MailSendRecord, row: MailRecipientRow): OutgoingMessage {
  return {
    from: send.fromAddress,
    to: row.address,
    subject: row.subject,
    html: row.html,
    text: row.text_body,
    headers: {
      "List-Unsubscribe": `<${row.unsubscribe_url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    idempotencyKey: `${row.send_id}:${row.contact_id}`,
  };
}

/**
 * Delivers a send's pending recipients one by one — claim (committed), transport, outcome
 * (committed) — honouring `perSecond` through the clock and the `sleep` hook, then marks
 * the send `completed` once nothing is pending. Safe to call again after a crash, and from
 * several processes at once: each recipient is claimed once.
 */
export async function deliverSend(
  ctx: ModuleContext,
  options: ResolvedOutreachOptions,
  sendId: string,
): Promise<SendReport> {
  const id = parseInput(idSchema("msend"), sendId);
  if (ctx.inTransaction) {
    throw new CrmError(
      "EMAIL_DELIVERY_IN_TRANSACTION",
      "email.deliver commits each recipient's claim before sending; call it outside a transaction",
    );
  }
  const { transport } = sendingConfig(options);
  const send = await ctx.run(async (op) => {
    const sends = op.records(mailSendEntity);
    const before = await sends.loadForChange(id, { authorize: "deliver" });
    if (before.status !== "queued") return before;
    return sends.transition(before, { verb: "deliver", from: ["queued"], to: "sending" });
  });
  if (send.status !== "completed") {
    const interval = send.perSecond === null ? 0 : Math.ceil(1_000 / send.perSecond);
    let lastSentAt: number | null = null;
    // A message's outcome is written in the transaction that claims the next recipient (or
    // completes the send): one commit per message instead of two.
    type Unwritten = { readonly row: MailRecipientRow; readonly outcome: Parameters<typeof finish>[3] };
    let unwritten: Unwritten | null = null;
    const write = (op: OperationContext, pending: Unwritten | null) =>
      pending ? finish(op, send.campaignId, pending.row, pending.outcome) : Promise.resolve();
    for (;;) {
      if (interval > 0 && lastSentAt !== null) {
        // Throttled: the outcome is written before waiting, so no wait holds a message unrecorded.
        const pending = unwritten;
        const { now, more } = await ctx.run(async (op) => {
          await write(op, pending);
          return { now: op.now.getTime(), more: await hasPending(op, id, transport.idempotent === true) };
        });
        unwritten = null;
        // No wait after the last message.
        if (!more) break;
        const wait = lastSentAt + interval - now;
        if (wait > 0) await options.sleep(wait);
      }
      const pending = unwritten;
      const claim = await ctx
        .run(async (op) => {
          await write(op, pending);
          const next = await claimNext(op, id, transport.idempotent === true);
          return { next, at: op.now.getTime() };
        })
        .catch(async (error: unknown) => {
          // The claim failed: record the last outcome on its own, then report the failure.
          if (pending) await ctx.run((op) => write(op, pending)).catch(() => undefined);
          throw error;
        });
      unwritten = null;
      if (claim.next === null) break;
      if (claim.next.kind === "passed") continue;
      lastSentAt = claim.at;
      const { row } = claim.next;
      try {
        const receipt = await transport.send(messageOf(send, row));
        unwritten = { row, outcome: { status: "sent", messageId: receipt.messageId } };
      } catch (error) {
        unwritten = {
          row,
          outcome: { status: "failed", reason: error instanceof Error ? error.message : String(error) },
        };
      }
    }
  }
  return ctx.run(async (op) => {
    const sends = op.records(mailSendEntity);
    const counts = await countRecipients(op, id);
    const before = await sends.loadForChange(id, { authorize: false });
    if (before.status !== "sending" || counts.pending > 0) return reportOf(await sends.shown(before), counts);
    const after = await sends.transition(before, {
      verb: "complete",
      from: ["sending"],
      to: "completed",
      changes: { completedAt: op.timestamp },
      events: (done) => [
        {
          type: "mail_send.completed",
          data: {
            id: done.id,
            version: done.version,
            sent: counts.sent,
            skipped: counts.skipped,
            failed: counts.failed,
            unknown: counts.claimed,
          } satisfies MailSendCompletedData,
        },
      ],
    });
    return reportOf(await sends.shown(after), counts);
  });
}
