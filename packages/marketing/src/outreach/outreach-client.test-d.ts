import type { Crm, CrmEvent, RecordUpdatedData } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { MarketingModule } from "../marketing-module.js";
import type { Consent } from "./consent/consent-entity.js";
import type { ConsentDecision } from "./consent/consent-service.js";
import type { ConsentEventData } from "./consent/consent-store.js";
import type { MailRecipientClickedData } from "./email/email-feedback.js";
import type { MailSendCompletedData, SendReport } from "./email/send-delivery.js";
import type { OutreachClient } from "./outreach-part.js";
import type { RenderedParts } from "./templates/template-engine.js";

describe("the outreach area's types", () => {
  it("adds consents, suppressions, templates and email to client.marketing", () => {
    const client = {} as ReturnType<Crm<readonly [MarketingModule]>["as"]>;
    expectTypeOf(client.marketing.consents.record).returns.resolves.toEqualTypeOf<Consent>();
    expectTypeOf(client.marketing.consents.check).returns.resolves.toEqualTypeOf<ConsentDecision>();
    expectTypeOf(client.marketing.templates.preview).returns.resolves.toEqualTypeOf<RenderedParts>();
    expectTypeOf(client.marketing.email.send).returns.resolves.toEqualTypeOf<SendReport>();
    expectTypeOf(client.marketing.email.recordOpen).returns.resolves.toEqualTypeOf<boolean>();
  });

  it("types the outreach events for crm.on", () => {
    const crm = {} as Crm<readonly [MarketingModule]>;
    crm.on("consent.withdrawn", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"consent.withdrawn", ConsentEventData>>();
    });
    crm.on("mail_send.completed", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<MailSendCompletedData>();
    });
    crm.on("mail_recipient.clicked", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<MailRecipientClickedData>();
    });
    crm.on("email_template.updated", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<RecordUpdatedData>();
    });
  });

  it("rejects unknown keys and channels at compile time", () => {
    const client = {} as OutreachClient;
    const subject = { type: "contact", id: "con_1" } as const;
    // @ts-expect-error fax is not a consent channel
    void client.consents.record({ subject, channel: "fax", status: "granted", source: "x" });
    // @ts-expect-error a send names its template
    void client.email.send({ audience: { contactIds: ["con_1"] } });
  });
});
