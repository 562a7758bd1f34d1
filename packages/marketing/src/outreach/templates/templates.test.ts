import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { contactWithEmail, type OutreachCrm, outreachTenant, testEmailOptions } from "../testing/outreach-fixtures.js";

const GOOD = {
  name: "Spring offer",
  subject: "{{ contact.firstName }}, spring is here",
  html: '<style>p { color: #336699; }</style><p>Hello {{ contact.firstName }}, use {{ data.code }}.</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>',
  text: "Hello {{ contact.firstName }}, use {{ data.code }}. Unsubscribe: {{ unsubscribe_url }}",
};

describeEachAdapter("marketing email templates", (target) => {
  const t: OutreachCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing({ email: testEmailOptions().options })],
  });

  it("saves a template and previews it for a contact: HTML escaped, CSS inlined, text as written", async () => {
    const { marketer, system } = await outreachTenant(t);
    const template = await marketer.marketing.templates.create(GOOD);
    expect(template).toMatchObject({ name: "Spring offer", ownerId: "mia", version: 1 });
    const ann = await contactWithEmail(system, "<Ann & Co>", "ann@example.com");
    const preview = await marketer.marketing.templates.preview(template.id, {
      contactId: ann.id,
      data: { code: "SPRING10" },
    });
    expect(preview.subject).toBe("<Ann & Co>, spring is here");
    expect(preview.html).toContain('<p style="color: #336699;">Hello &lt;Ann &amp; Co&gt;, use SPRING10.</p>');
    expect(preview.html).not.toContain("<style>");
    expect(preview.text).toBe("Hello <Ann & Co>, use SPRING10. Unsubscribe: https://unsubscribe.invalid/preview");
    const updated = await marketer.marketing.templates.update(template.id, {
      subject: "Spring, {{ contact.lastName }}",
    });
    expect(updated).toMatchObject({ version: 2, subject: "Spring, {{ contact.lastName }}" });
    expect(await marketer.marketing.templates.get(template.id)).toEqual(updated);
    expect(await marketer.marketing.templates.archive(template.id)).toMatchObject({ archivedAt: expect.any(String) });
    expect((await marketer.marketing.templates.list()).items.map((x) => x.id)).not.toContain(template.id);
  });

  it("refuses an unknown merge field, a syntax error, a partial or a missing value: a ValidationError, nothing written", async () => {
    const { marketer, system, tenantId } = await outreachTenant(t);
    const template = await marketer.marketing.templates.create(GOOD);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    const attempts = [
      () => marketer.marketing.templates.create({ ...GOOD, html: "<p>{{ contact.shoeSize }}</p>" }),
      () => marketer.marketing.templates.create({ ...GOOD, subject: "Hi {{ customer.name }}" }),
      () => marketer.marketing.templates.create({ ...GOOD, text: "{{ contact }}" }),
      () => marketer.marketing.templates.create({ ...GOOD, html: "<p>{% if contact.firstName %}unclosed</p>" }),
      () => marketer.marketing.templates.create({ ...GOOD, html: "<p>{{ contact.firstName | shout }}</p>" }),
      () => marketer.marketing.templates.create({ ...GOOD, html: "{% include '/etc/passwd' %}" }),
      () => marketer.marketing.templates.create({ ...GOOD, subject: "two\nlines" }),
      () => marketer.marketing.templates.update(template.id, { html: "{{ contact.password }}" }),
      () => marketer.marketing.templates.preview(template.id, { contactId: ann.id }),
      () =>
        marketer.marketing.templates.preview(template.id, {
          contactId: ann.id,
          data: { __proto__: { code: 1 } } as never,
        }),
    ];
    for (const attempt of attempts) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(ValidationError);
    }
    const unknown = (await expectNothingWritten(
      t.adapter,
      tenantId,
      attempts[0] as () => Promise<unknown>,
    )) as ValidationError;
    expect(unknown.details.reason).toBe("unknown_merge_field");
    expect(unknown.issues[0]?.path).toEqual(["html"]);
    const syntax = (await expectNothingWritten(
      t.adapter,
      tenantId,
      attempts[3] as () => Promise<unknown>,
    )) as ValidationError;
    expect(syntax.details.reason).toBe("template_syntax");
  });

  it("refuses to merge a contact field the sender's roles hide", async () => {
    const { admin, system, tenantId } = await outreachTenant(t);
    await admin.roles.define({
      name: "discreet_marketer",
      grants: { "email_template:*": "all", "contact:read": "all" },
      hiddenFields: { contact: ["firstName"] },
    } as never);
    const discreet = t.as(tenantId, "dee", ["discreet_marketer"]);
    const template = await discreet.marketing.templates.create(GOOD);
    const ann = await contactWithEmail(system, "Ann", "ann@example.com");
    await expect(
      discreet.marketing.templates.preview(template.id, { contactId: ann.id, data: { code: "X" } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const plain = await discreet.marketing.templates.create({
      ...GOOD,
      subject: "Spring",
      html: "<p>{{ contact.lastName }}</p>",
      text: null,
    });
    expect((await discreet.marketing.templates.preview(plain.id, { contactId: ann.id })).html).toBe("<p>Tester</p>");
  });
});
