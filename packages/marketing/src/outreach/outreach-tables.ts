import type { EntityTables, OperationContext } from "@rapport/core";
import type { CoreTables } from "@rapport/core/schema";
import type { Kysely } from "kysely";
import type { consentEntity, suppressionEntity } from "./consent/consent-entity.js";
import type { mailSendEntity } from "./email/mail-send-entity.js";
import type { templateEntity } from "./templates/template-entity.js";

/** Where one recipient of a send stands. `claimed`: handed (or about to be) to the transport, outcome not yet written. */
export const RECIPIENT_STATUSES = ["pending", "claimed", "sent", "skipped", "failed"] as const;
/** A recipient's status. */
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** One recipient of a send: the claim row, and the message rendered for them. */
export type MailRecipientRow = {
  tenant_id: string;
  send_id: string;
  contact_id: string;
  position: number;
  address: string;
  status: RecipientStatus;
  reason: string | null;
  subject: string;
  html: string;
  text_body: string | null;
  unsubscribe_url: string;
  tracking_token: string;
  claimed_at: string | null;
  finished_at: string | null;
  message_id: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  bounced_at: string | null;
  bounce_kind: string | null;
  unsubscribed_at: string | null;
};

/** The outreach area's tables, for typed Kysely queries: `outreachDb(op)`. */
export type OutreachTables = EntityTables<
  typeof consentEntity | typeof suppressionEntity | typeof templateEntity | typeof mailSendEntity
> & {
  marketing_mail_recipients: MailRecipientRow;
} & Pick<CoreTables, "contacts">;

/** The operation's database, typed with the outreach tables. */
export function outreachDb(op: OperationContext<OutreachTables>): Kysely<OutreachTables> {
  return op.db;
}
