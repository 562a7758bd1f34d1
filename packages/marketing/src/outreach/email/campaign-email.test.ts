import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { contactWithEmail, type OutreachCrm, outreachTenant, testEmailOptions } from "../testing/outreach-fixtures.js";
import type { OutgoingMessage } from "../transports/mail-transport.js";

const email = testEmailOptions();

function trackingOf(message: OutgoingMessage): string {
  return /acme\.example\/o\/([A-Za-z0-9_-]+)/.exec(message.html)?.[1] ?? "";
}

describeEachAdapter("marketing mass email to a campaign's members", (target) => {
  const t: OutreachCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing({ email: email.options })],
  });

  it("sends to the campaign's consenting contact members and moves them to sent, opened and clicked", async () => {
    const { marketer, system, tenantId } = await outreachTenant(t);
    const campaign = await system.marketing.campaigns.create({
      name: "Spring",
      type: "email",
      currency: "EUR",
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: "2026-12-31T00:00:00.000Z",
    });
    const ann = await contactWithEmail(system, "Ann", "ann.c@example.com");
    const bob = await contactWithEmail(system, "Bob", "bob.c@example.com");
    const cy = await contactWithEmail(system, "Cy", "cy.c@example.com");
    const lead = await system.sales.leads.create({
      lastName: "Lee",
      company: "Leeds",
      email: "lee@leeds.example",
    } as never);
    for (const contact of [ann, bob]) {
      await marketer.marketing.consents.record({
        subject: { type: "contact", id: contact.id },
        channel: "email",
        status: "granted",
        source: "form",
      });
    }
    await system.marketing.campaigns.members.add(campaign.id, {
      contactIds: [ann.id, bob.id, cy.id],
      leadIds: [lead.id],
    });
    const template = await marketer.marketing.templates.create({
      name: "Spring mail",
      subject: "Spring, {{ contact.firstName }}",
      html: '<p>Hi</p><img src="https://acme.example/o/{{ tracking_token }}"><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
    });
    const refused = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.email.send({ templateId: template.id, audience: { campaignId: campaign.id } }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
    const before = email.transport.sent.length;
    const report = await marketer.marketing.email.send({
      templateId: template.id,
      audience: { campaignId: campaign.id },
      withoutConsent: "skip",
    });
    expect(report).toMatchObject({ sent: 2, skipped: 1, send: { campaignId: campaign.id, recipientCount: 3 } });
    const sent = email.transport.sent.slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual(["ann.c@example.com", "bob.c@example.com"]);
    const statusOf = async (contactId: string) =>
      (
        await system.marketing.campaigns.members.list(campaign.id, {
          filter: [{ field: "contactId", op: "eq", value: contactId }],
        })
      ).items[0]?.status;
    expect([await statusOf(ann.id), await statusOf(bob.id), await statusOf(cy.id)]).toEqual(["sent", "sent", null]);
    const annMessage = sent.find((m) => m.to === "ann.c@example.com") as OutgoingMessage;
    const bobMessage = sent.find((m) => m.to === "bob.c@example.com") as OutgoingMessage;
    await system.marketing.email.recordOpen(trackingOf(annMessage));
    await system.marketing.email.recordClick(trackingOf(bobMessage), "https://acme.example/spring");
    expect([await statusOf(ann.id), await statusOf(bob.id)]).toEqual(["opened", "clicked"]);
    // A member who responded stays responded when their message is opened later.
    await system.marketing.campaigns.recordResponse({ campaignId: campaign.id, contactId: bob.id });
    const responded = await statusOf(bob.id);
    await system.marketing.email.recordOpen(trackingOf(bobMessage));
    expect(await statusOf(bob.id)).toBe(responded);
  });

  it("refuses an unknown campaign as the audience and writes nothing", async () => {
    const { marketer, tenantId } = await outreachTenant(t);
    const template = await marketer.marketing.templates.create({ name: "x", subject: "x", html: "<p>x</p>" });
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.email.send({
        templateId: template.id,
        audience: { campaignId: "cmp_01JZZZZZZZZZZZZZZZZZZZZZZZ" },
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });
});
