import { randomBytes } from "node:crypto";
import { NotFoundError, type OperationContext, parseInput, ValidationError } from "@rapport/core";
import { insertRows } from "@rapport/core/internals";
import { type ResolvedOutreachOptions, sendingConfig } from "../outreach-options.js";
import type { MailRecipientRow } from "../outreach-tables.js";
import { checkTemplate, renderTemplate } from "../templates/template-engine.js";
import { type EmailTemplate, templateEntity } from "../templates/template-entity.js";
import { campaignContactIds } from "./campaign-link.js";
import { type AudienceContact, emailExclusions, readAudience } from "./email-audience.js";
import { type MailSendRecord, mailSendEntity } from "./mail-send-entity.js";
import { type CreateSendInput, createSendSchema } from "./send-schema.js";
import { signUnsubscribeToken, unsubscribeLink } from "./unsubscribe-token.js";

async function loadTemplate(op: OperationContext, id: string): Promise<EmailTemplate> {
  let template: EmailTemplate;
  try {
    template = await op.records(templateEntity).get(id);
  } catch (error) {
    if (error instanceof NotFoundError) throw ValidationError.forField(["templateId"], `Unknown template ${id}`);
    throw error;
  }
  if (template.archivedAt !== null) throw ValidationError.forField(["templateId"], `Template ${id} is archived`);
  return template;
}

/**
 * Creates a send in the caller's transaction: checks the template again, reads the
 * audience through the sender's scopes, decides consent for each recipient, renders every
 * message and writes the send and one `pending` claim row per recipient. Any failure —
 * a template error, a missing merge value, a recipient without consent under `refuse` —
 * throws before anything is written.
 */
export async function createSendIn(
  op: OperationContext,
  options: ResolvedOutreachOptions,
  input: CreateSendInput,
): Promise<MailSendRecord> {
  const parsed = parseInput(createSendSchema, input);
  const config = sendingConfig(options);
  await op.authorize("mail_send:create");
  const template = await loadTemplate(op, parsed.templateId);
  const used = checkTemplate(template, ["template"]);
  const campaignId = "campaignId" in parsed.audience ? parsed.audience.campaignId : null;
  const ids =
    "contactIds" in parsed.audience ? parsed.audience.contactIds : await campaignContactIds(op, campaignId ?? "");
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw ValidationError.forField(["audience"], "The campaign has no contact members");
  const audience = await readAudience(
    op,
    unique,
    campaignId === null ? ["audience", "contactIds"] : ["audience", "campaignId"],
  );
  const excluded = await emailExclusions(op, audience);
  if (excluded.size > 0 && (parsed.withoutConsent ?? "refuse") === "refuse") {
    throw new ValidationError(
      [...excluded].slice(0, 100).map(([contactId, reason]) => ({
        code: "custom",
        path: ["audience", contactId],
        message: `Contact ${contactId} may not be emailed (${reason})`,
      })),
      `${excluded.size} recipient(s) may not be emailed`,
      { details: { reason: "no_consent", excluded: Object.fromEntries([...excluded].slice(0, 100)) } },
    );
  }
  const sendId = op.newId("msend");
  const expiresAt = op.now.getTime() + options.unsubscribeTtlMs;
  const rows = audience.map((contact: AudienceContact, position): MailRecipientRow => {
    const unsubscribeUrl = unsubscribeLink(
      config.unsubscribeUrl,
      signUnsubscribeToken(config.unsubscribeSecret, {
        tenantId: op.tenantId,
        sendId,
        contactId: contact.id,
        expiresAt,
      }),
    );
    const trackingToken = randomBytes(16).toString("base64url");
    const reason = excluded.get(contact.id);
    // An excluded recipient's message is not rendered: it will never be sent.
    const rendered =
      reason === undefined
        ? renderTemplate(
            template,
            {
              contact: contact.merge,
              unsubscribe_url: unsubscribeUrl,
              tracking_token: trackingToken,
              data: parsed.data ?? {},
            },
            used,
          )
        : { subject: "", html: "", text: null };
    return {
      tenant_id: op.tenantId,
      send_id: sendId,
      contact_id: contact.id,
      position,
      address: contact.address ?? "",
      status: reason === undefined ? "pending" : "skipped",
      reason: reason ?? null,
      subject: rendered.subject,
      html: rendered.html,
      text_body: rendered.text,
      unsubscribe_url: unsubscribeUrl,
      tracking_token: trackingToken,
      claimed_at: null,
      finished_at: reason === undefined ? null : op.timestamp,
      message_id: null,
      opened_at: null,
      clicked_at: null,
      bounced_at: null,
      bounce_kind: null,
      unsubscribed_at: null,
    };
  });
  const [send] = await op.records(mailSendEntity).insert([
    {
      id: sendId,
      templateId: template.id,
      campaignId,
      status: "queued",
      fromAddress: parsed.from ?? config.from,
      recipientCount: rows.length,
      perSecond: parsed.perSecond ?? null,
      completedAt: null,
    },
  ]);
  await insertRows(op, "marketing_mail_recipients", rows);
  return send as MailSendRecord;
}
