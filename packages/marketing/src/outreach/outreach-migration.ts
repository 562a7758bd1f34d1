import { type Migration, withRecordColumns } from "@rapport/core";

/** Consent per subject and channel, and the address-level suppression list. */
const consentMigration: Migration = {
  name: "outreach_001_consent",
  async up(db) {
    await withRecordColumns(db.schema.createTable("marketing_consents"), "marketing_consents")
      .addColumn("subject_type", "text", (c) => c.notNull())
      .addColumn("subject_id", "text", (c) => c.notNull())
      .addColumn("channel", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("lawful_basis", "text", (c) => c.notNull())
      .addColumn("source", "text")
      .addColumn("changed_at", "text", (c) => c.notNull())
      .addColumn("opt_in_token_hash", "text")
      .addColumn("opt_in_expires_at", "text")
      .addUniqueConstraint("marketing_consents_subject_channel", ["tenant_id", "subject_type", "subject_id", "channel"])
      .execute();
    await db.schema
      .createIndex("marketing_consents_opt_in_token")
      .on("marketing_consents")
      .columns(["tenant_id", "opt_in_token_hash"])
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_email_suppressions"), "marketing_email_suppressions")
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("source", "text")
      .execute();
    await db.schema
      .createIndex("marketing_email_suppressions_address")
      .on("marketing_email_suppressions")
      .columns(["tenant_id", "address", "archived_at"])
      .execute();
  },
};

/** Email templates, sends, and one claim row per recipient of a send. */
const emailMigration: Migration = {
  name: "outreach_002_email",
  async up(db) {
    await withRecordColumns(db.schema.createTable("marketing_email_templates"), "marketing_email_templates")
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("html", "text", (c) => c.notNull())
      .addColumn("text_body", "text")
      .addColumn("owner_id", "text")
      .execute();
    await withRecordColumns(db.schema.createTable("marketing_mail_sends"), "marketing_mail_sends")
      .addColumn("template_id", "text", (c) => c.notNull())
      .addColumn("campaign_id", "text")
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("from_address", "text", (c) => c.notNull())
      .addColumn("recipient_count", "integer", (c) => c.notNull())
      .addColumn("per_second", "integer")
      .addColumn("completed_at", "text")
      .addColumn("owner_id", "text")
      .addForeignKeyConstraint(
        "marketing_mail_sends_template_fk",
        ["tenant_id", "template_id"],
        "marketing_email_templates",
        ["tenant_id", "id"],
      )
      .execute();
    await db.schema
      .createTable("marketing_mail_recipients")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("send_id", "text", (c) => c.notNull())
      .addColumn("contact_id", "text", (c) => c.notNull())
      .addColumn("position", "integer", (c) => c.notNull())
      .addColumn("address", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("reason", "text")
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("html", "text", (c) => c.notNull())
      .addColumn("text_body", "text")
      .addColumn("unsubscribe_url", "text", (c) => c.notNull())
      .addColumn("tracking_token", "text", (c) => c.notNull())
      .addColumn("claimed_at", "text")
      .addColumn("finished_at", "text")
      .addColumn("message_id", "text")
      .addColumn("opened_at", "text")
      .addColumn("clicked_at", "text")
      .addColumn("bounced_at", "text")
      .addColumn("bounce_kind", "text")
      .addColumn("unsubscribed_at", "text")
      .addPrimaryKeyConstraint("marketing_mail_recipients_pk", ["tenant_id", "send_id", "contact_id"])
      .addForeignKeyConstraint("marketing_mail_recipients_send_fk", ["tenant_id", "send_id"], "marketing_mail_sends", [
        "tenant_id",
        "id",
      ])
      .addUniqueConstraint("marketing_mail_recipients_tracking", ["tenant_id", "tracking_token"])
      .execute();
    for (const [name, columns] of [
      ["pending", ["tenant_id", "send_id", "status", "position"]],
      ["address", ["tenant_id", "address", "finished_at"]],
    ] as const) {
      await db.schema
        .createIndex(`marketing_mail_recipients_${name}`)
        .on("marketing_mail_recipients")
        .columns([...columns])
        .execute();
    }
  },
};

/** The outreach area's migrations, in order. */
export const outreachMigrations: readonly Migration[] = [consentMigration, emailMigration];
