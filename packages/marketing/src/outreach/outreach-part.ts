import { CRUD_ACTIONS } from "@rapport/core";
import type { MarketingPart } from "../marketing-part.js";
import { consentEntity, suppressionEntity } from "./consent/consent-entity.js";
import { type ConsentService, createConsentService } from "./consent/consent-service.js";
import { createSuppressionService, type SuppressionService } from "./consent/suppression-service.js";
import { createEmailService, type EmailService } from "./email/email-service.js";
import { mailSendEntity } from "./email/mail-send-entity.js";
import { outreachEvents } from "./outreach-events.js";
import { outreachMigrations } from "./outreach-migration.js";
import { type OutreachOptions, resolveOutreachOptions } from "./outreach-options.js";
import { templateEntity } from "./templates/template-entity.js";
import { createTemplateService, type TemplateService } from "./templates/template-service.js";

export type { OutreachOptions } from "./outreach-options.js";

/** `client.marketing`'s outreach area: consent, suppression, email templates and mass email. */
export interface OutreachClient {
  readonly consents: ConsentService;
  readonly suppressions: SuppressionService;
  readonly templates: TemplateService;
  readonly email: EmailService;
}

/** The outreach area of the marketing module, configured by `marketing({ email })`. */
export function outreachPart(options: OutreachOptions = {}): MarketingPart<OutreachClient, typeof outreachEvents> {
  const resolved = resolveOutreachOptions(options);
  return {
    migrations: outreachMigrations,
    entities: [consentEntity, suppressionEntity, templateEntity, mailSendEntity],
    permissions: {
      entities: {
        consent: ["read", "update"],
        email_suppression: [...CRUD_ACTIONS],
        email_template: [...CRUD_ACTIONS],
        mail_send: ["create", "read", "update", "deliver"],
      },
      roles: {
        // Marketers write templates and send; lifting a suppression is an admin's call.
        marketer: {
          "consent:*": "all",
          "email_suppression:read": "all",
          "email_suppression:create": "all",
          "email_template:*": "all",
          "mail_send:*": "all",
        },
        // Whoever talks to customers records what they said about being contacted.
        sales_rep: { "consent:*": "all" },
        sales_manager: { "consent:*": "all" },
        service_agent: { "consent:*": "all" },
        read_only: { "consent:read": "all", "email_template:read": "all", "mail_send:read": "all" },
      },
    },
    events: outreachEvents,
    jobs: [],
    client: (ctx) => ({
      consents: createConsentService(ctx, resolved),
      suppressions: createSuppressionService(ctx),
      templates: createTemplateService(ctx),
      email: createEmailService(ctx, resolved),
    }),
  };
}
