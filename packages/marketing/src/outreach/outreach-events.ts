import { eventOf, type RecordEventData, type RecordUpdatedData } from "@rapport/core";
import type { ConsentEventData } from "./consent/consent-store.js";
import type { MailRecipientClickedData, MailRecipientEventData } from "./email/email-feedback.js";
import type { MailRecipientSentData, MailSendCompletedData } from "./email/send-delivery.js";

/** The events of the outreach area: consent, suppression, templates, sends and their recipients. */
export const outreachEvents = {
  "consent.created": eventOf<RecordEventData>(),
  "consent.updated": eventOf<RecordUpdatedData>(),
  /** Consent became `granted` (recorded, or a double opt-in confirmed). */
  "consent.granted": eventOf<ConsentEventData>(),
  /** Consent was withdrawn (recorded, unsubscribed, complained). */
  "consent.withdrawn": eventOf<ConsentEventData>(),
  /** A double opt-in was requested: the host mails the token. */
  "consent.opt_in_requested": eventOf<ConsentEventData>(),
  "email_suppression.created": eventOf<RecordEventData>(),
  "email_suppression.archived": eventOf<RecordUpdatedData>(),
  "email_template.created": eventOf<RecordEventData>(),
  "email_template.updated": eventOf<RecordUpdatedData>(),
  "email_template.archived": eventOf<RecordUpdatedData>(),
  "mail_send.created": eventOf<RecordEventData>(),
  "mail_send.updated": eventOf<RecordUpdatedData>(),
  /** No recipient is pending any more: the counts say how it went. */
  "mail_send.completed": eventOf<MailSendCompletedData>(),
  /** The transport accepted a recipient's message. */
  "mail_recipient.sent": eventOf<MailRecipientSentData>(),
  "mail_recipient.unsubscribed": eventOf<MailRecipientEventData>(),
  "mail_recipient.opened": eventOf<MailRecipientEventData>(),
  "mail_recipient.clicked": eventOf<MailRecipientClickedData>(),
  "mail_recipient.bounced": eventOf<MailRecipientEventData>(),
};
