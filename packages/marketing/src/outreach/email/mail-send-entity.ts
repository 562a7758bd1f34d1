import { defineEntity, type EntityRecord, field } from "@rapport/core";
import * as z from "zod";

/** Where a send stands: recipients still pending (`queued`, `sending`) or none left (`completed`). */
export const MAIL_SEND_STATUSES = ["queued", "sending", "completed"] as const;
/** A send's status. */
export type MailSendStatus = (typeof MAIL_SEND_STATUSES)[number];

const mailSendFields = {
  templateId: field.text(),
  /** The campaign the send belongs to, when its audience was the campaign's members. */
  campaignId: field.nullableText(),
  status: field.text<MailSendStatus>({ computed: true }),
  fromAddress: field.text(),
  recipientCount: field.integer({ computed: true }),
  /** Messages a second at most; `null` for no limit. */
  perSecond: field.nullableInteger(),
  completedAt: field.nullableTimestamp(),
  ownerId: field.nullableText(),
};

/**
 * One mass email: a template rendered for each recipient when the send is created, and one
 * claim row per recipient (`marketing_mail_recipients`) that delivery claims in the database
 * before handing the message to the transport.
 */
export const mailSendEntity = defineEntity({
  type: "mail_send",
  table: "marketing_mail_sends",
  idPrefix: "msend",
  fields: mailSendFields,
  // Written only by `email.createSend`.
  createSchema: z
    .object({
      templateId: z.string(),
      campaignId: z.string().nullable(),
      fromAddress: z.string(),
      perSecond: z.number().nullable(),
    })
    .strict(),
  patchSchema: z.object({}).strict(),
  ownerField: "ownerId",
});

/** A send as stored. */
export type MailSendRecord = EntityRecord<typeof mailSendFields>;
