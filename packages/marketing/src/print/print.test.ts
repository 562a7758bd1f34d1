import { InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, type TestCrm, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { type MarketingModule, marketing } from "../marketing-module.js";
import { LABEL_LAYOUTS } from "./label-layouts.js";
import { keepForLooking, readPdf } from "./testing/pdf-reading.js";

type PrintCrm = TestCrm<readonly [MarketingModule]>;

const LETTERHEAD = {
  legalName: "Acme Trading GmbH",
  address: { line1: "Friedrichstr. 68", city: "Berlin", postalCode: "10117", country: "DE" },
  email: "post@acme.example",
  phone: "+49 30 1234567",
} as const;

/** Records a contact's consent to marketing by post. */
function postConsent(client: ReturnType<PrintCrm["as"]>, id: string) {
  return client.marketing.consents.record({
    subject: { type: "contact", id },
    channel: "post",
    status: "granted",
    source: "fair-2026",
  });
}

async function printTenant(t: PrintCrm) {
  const tenantId = await t.tenant();
  const system = t.crm.system(tenantId);
  const marketer = t.as(tenantId, "mia", ["marketer"]);
  const alfreds = await system.accounts.create({ name: "Alfreds Futterkiste", type: "customer" });
  const maria = await system.contacts.create({
    accountId: alfreds.id,
    firstName: "Maria",
    lastName: "Anders",
    mailingAddress: { line1: "Obere Str. 57", city: "Berlin", postalCode: "12209", country: "DE" },
  });
  const tencent = await system.accounts.create({
    name: "深圳市腾讯计算机系统有限公司",
    type: "customer",
    billingAddress: {
      line1: "科技园科技中一路腾讯大厦",
      line2: "南山区",
      city: "深圳市",
      region: "广东省",
      postalCode: "518057",
      country: "CN",
    },
  });
  // No address of his own: the letter goes to his company's billing address.
  const wang = await system.contacts.create({
    accountId: tencent.id,
    firstName: "小明",
    lastName: "王",
    language: "zh-CN",
  });
  const google = await system.accounts.create({ name: "Google LLC", type: "customer" });
  const pat = await system.contacts.create({
    accountId: google.id,
    firstName: "Pat",
    lastName: "Smith",
    mailingAddress: {
      line1: "1600 Amphitheatre Pkwy",
      line2: "Building 40",
      city: "Mountain View",
      region: "CA",
      postalCode: "94043",
      country: "US",
    },
  });
  const nowhere = await system.contacts.create({ firstName: "Nobody", lastName: "Nowhere" });
  for (const contact of [maria, wang, pat, nowhere]) await postConsent(system, contact.id);
  return { tenantId, system, marketer, maria, wang, pat, nowhere, alfreds, tencent };
}

describeEachAdapter("marketing letters and labels", (target) => {
  const t: PrintCrm = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [marketing()] });

  it("keeps the tenant's letterhead; setting the same one again writes nothing", async () => {
    const { tenantId, marketer, system } = await printTenant(t);
    expect(await marketer.marketing.print.letterhead()).toBeNull();
    const set = await marketer.marketing.print.setLetterhead(LETTERHEAD);
    expect(set).toMatchObject({
      legalName: "Acme Trading GmbH",
      address: { city: "Berlin", line2: null },
      logoUrl: null,
      updatedBy: "mia",
    });
    expect(await marketer.marketing.print.letterhead()).toEqual(set);
    const again = await expectNothingWritten(t.adapter, tenantId, async () => {
      await marketer.marketing.print.setLetterhead(LETTERHEAD);
      throw new Error("unchanged");
    });
    expect((again as Error).message).toBe("unchanged");
    const audit = await system.audit.history("letterhead", tenantId);
    expect(audit.items.map((a) => a.action)).toEqual(["create"]);
    for (const bad of [
      { ...LETTERHEAD, legalName: " " },
      { ...LETTERHEAD, logoUrl: "javascript:alert(1)" },
      { ...LETTERHEAD, address: { country: "XX" } },
    ]) {
      expect(
        await expectNothingWritten(t.adapter, tenantId, () => marketer.marketing.print.setLetterhead(bad)),
      ).toBeInstanceOf(ValidationError);
    }
  });

  it("renders an English letter to an A4 PDF on the letterhead, merged per recipient", async () => {
    const { marketer, maria, pat } = await printTenant(t);
    await marketer.marketing.print.setLetterhead(LETTERHEAD);
    const letters = await marketer.marketing.print.letters({
      recipients: [maria.id, pat.id],
      subject: "Your invitation, {{ contact.firstName }}",
      body: "Dear {{ contact.fullName }},\n\nwe would be delighted to welcome {{ account.name }} at our spring fair.\n\nKind regards\n{{ sender.legalName }}",
      format: "pdf",
    });
    keepForLooking("letter-en.pdf", letters.pdf);
    expect(letters.count).toBe(2);
    expect(Buffer.from(letters.pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const pages = await readPdf(letters.pdf);
    expect(pages).toHaveLength(2);
    for (const page of pages) {
      expect(page.width).toBeCloseTo(595.28, 1);
      expect(page.height).toBeCloseTo(841.89, 1);
      expect(page.text).toContain("Acme Trading GmbH");
    }
    const [first, second] = pages;
    expect(first?.text).toContain("Your invitation, Maria");
    expect(first?.text).toContain("Dear Maria Anders,");
    expect(first?.text).toContain("welcome Alfreds Futterkiste at our spring fair.");
    // A German address to a German sender: no country line; name, company, street, town.
    const address = first?.runs.filter((r) => r.y > 140 && r.y < 260).map((r) => r.text) ?? [];
    expect(address).toEqual(["Maria Anders", "Alfreds Futterkiste", "Obere Str. 57", "12209 Berlin"]);
    // A US address from Germany: line 2 after the street, and the country written out.
    const us = second?.runs.filter((r) => r.y > 140 && r.y < 260).map((r) => r.text) ?? [];
    expect(us).toEqual([
      "Pat Smith",
      "Google LLC",
      "1600 Amphitheatre Pkwy",
      "Building 40",
      "Mountain View, CA 94043",
      "United States of America",
    ]);
    // The date comes from the clock, written as English writes it.
    expect(first?.text).toMatch(/[A-Z][a-z]+ \d{1,2}, \d{4}/);
    // Fonts are subset: a two-page letter stays small.
    expect(letters.pdf.byteLength).toBeLessThan(60_000);
    // On US Letter paper, the same letter fills 612 × 792 pt pages.
    const usLetter = await marketer.marketing.print.letters({
      recipients: [pat.id],
      body: "Hello",
      format: "pdf",
      paper: "letter",
    });
    const [usPage] = await readPdf(usLetter.pdf);
    expect([usPage?.width, usPage?.height]).toEqual([612, 792]);
  });

  it("flows a long letter onto more pages, each within the margins", async () => {
    const { marketer, maria, pat } = await printTenant(t);
    await marketer.marketing.print.setLetterhead(LETTERHEAD);
    const paragraphs = Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i + 1}: {{ contact.lastName }} ${"and so on ".repeat(12)}`,
    );
    const long = await marketer.marketing.print.letters({
      recipients: [maria.id, pat.id],
      body: paragraphs.join("\n\n"),
      format: "pdf",
    });
    keepForLooking("letter-long.pdf", long.pdf);
    const pages = await readPdf(long.pdf);
    expect(pages.length).toBeGreaterThan(4);
    const text = pages.map((p) => p.text).join("\n");
    expect(text).toContain("Paragraph 60: Anders");
    expect(text).toContain("Paragraph 60: Smith");
    // Pat's letter starts on a page of its own, with the letterhead.
    const patFirst = pages.findIndex((p) => p.text.includes("Pat Smith"));
    expect(pages[patFirst]?.text).toContain("Acme Trading GmbH");
    expect(pages[patFirst - 1]?.text).toContain("Paragraph 60: Anders");
    const mm = 72 / 25.4;
    for (const page of pages) {
      for (const run of page.runs) {
        expect(run.y, run.text).toBeGreaterThan(10 * mm);
        expect(run.y, run.text).toBeLessThan(page.height - 20 * mm + 12);
        expect(run.x, run.text).toBeGreaterThanOrEqual(25 * mm - 0.01);
      }
    }
  });

  it("renders a Chinese letter with the address big to small and the date in Chinese", async () => {
    const { marketer, wang } = await printTenant(t);
    await marketer.marketing.print.setLetterhead(LETTERHEAD);
    const letter = await marketer.marketing.print.letters({
      recipients: [wang.id],
      subject: "春季展会邀请函",
      body: "尊敬的{{ contact.fullName }}先生：\n\n我们诚挚邀请{{ account.name }}参加我们的春季展会。\n\n此致\n敬礼\n\n{{ sender.legalName }}\n{{ date }}",
      format: "pdf",
      language: "zh-CN",
    });
    keepForLooking("letter-zh.pdf", letter.pdf);
    const [page] = await readPdf(letter.pdf);
    expect(page?.text).toContain("春季展会邀请函");
    expect(page?.text).toContain("尊敬的王小明先生：");
    expect(page?.text).toContain("我们诚挚邀请深圳市腾讯计算机系统有限公司参加我们的春季展会。");
    expect(page?.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    const address = page?.runs.filter((r) => r.y > 140 && r.y < 260).map((r) => r.text) ?? [];
    // Country (with the postcode), province, city, district, street, company, then the name.
    expect(address).toEqual([
      "518057 中国",
      "广东省",
      "深圳市",
      "南山区",
      "科技园科技中一路腾讯大厦",
      "深圳市腾讯计算机系统有限公司",
      "王小明",
    ]);
  });

  it("lays out Avery L7163 labels 2 × 7 on A4 to the point, over as many sheets as needed", async () => {
    const { system, marketer, maria, wang, pat } = await printTenant(t);
    const many = [];
    for (let i = 1; i <= 13; i += 1) {
      many.push(
        await system.contacts.create({
          firstName: "Guest",
          lastName: `Number ${i}`,
          mailingAddress: { line1: `${i} High Street`, city: "London", postalCode: "SW1A 1AA", country: "GB" },
        }),
      );
      await postConsent(system, many[i - 1]?.id as string);
    }
    const sheet = await marketer.marketing.print.labels({
      recipients: [maria.id, wang.id, pat.id, ...many.map((c) => c.id)],
      layout: "L7163",
      format: "pdf",
    });
    keepForLooking("labels-l7163.pdf", sheet.pdf);
    expect(sheet).toMatchObject({ count: 16, sheets: 2 });
    const pages = await readPdf(sheet.pdf);
    expect(pages).toHaveLength(2);
    const layout = LABEL_LAYOUTS.L7163;
    expect(pages[0]?.width).toBeCloseTo(595.28, 1);
    expect(pages[0]?.height).toBeCloseTo(841.89, 1);
    // Each label's text starts inside its own rectangle: column by x, row by y.
    const mmPt = 72 / 25.4;
    const labelOf = (run: { x: number; y: number }) => ({
      column: Math.floor((run.x - 4.65 * mmPt) / (101.6 * mmPt)),
      row: Math.floor((run.y - 15.15 * mmPt) / (38.1 * mmPt)),
    });
    const first = pages[0]?.runs.find((r) => r.text === "Maria Anders");
    const second = pages[0]?.runs.find((r) => r.text === "王小明");
    const third = pages[0]?.runs.find((r) => r.text === "Pat Smith");
    expect(first && labelOf(first)).toEqual({ column: 0, row: 0 });
    expect(second && labelOf(second)).toEqual({ column: 1, row: 0 });
    expect(third && labelOf(third)).toEqual({ column: 0, row: 1 });
    expect(first?.x).toBeCloseTo(layout.marginLeft + layout.padding, 2);
    const last = pages[1]?.runs.find((r) => r.text === "Guest Number 13");
    expect(last && labelOf(last)).toEqual({ column: 1, row: 0 });
    // Every text run stays inside the label it belongs to.
    for (const page of pages) {
      for (const run of page.runs) {
        const { column, row } = labelOf(run);
        expect(column, run.text).toBeGreaterThanOrEqual(0);
        expect(column, run.text).toBeLessThan(2);
        expect(row, run.text).toBeGreaterThanOrEqual(0);
        expect(row, run.text).toBeLessThan(7);
        const left = layout.marginLeft + column * layout.pitchX;
        expect(run.x - left, run.text).toBeGreaterThanOrEqual(layout.padding - 0.01);
      }
    }
    // A Chinese label runs big to small as well.
    const chinese = pages[0]?.runs.filter((r) => labelOf(r).column === 1 && labelOf(r).row === 0).map((r) => r.text);
    expect(chinese?.at(-1)).toBe("王小明");
    expect(chinese?.[0]).toBe("518057 中国");
  });

  it("lays out Avery 5160 labels 3 × 10 on US Letter, skipping used labels", async () => {
    const { marketer, maria, pat } = await printTenant(t);
    const sheet = await marketer.marketing.print.labels({
      recipients: [maria.id, pat.id],
      layout: "5160",
      format: "pdf",
      skip: 4,
    });
    keepForLooking("labels-5160.pdf", sheet.pdf);
    expect(sheet).toMatchObject({ count: 2, sheets: 1 });
    const [page] = await readPdf(sheet.pdf);
    expect(page?.width).toBeCloseTo(612, 1);
    expect(page?.height).toBeCloseTo(792, 1);
    const maria5 = page?.runs.find((r) => r.text === "Maria Anders");
    const pat6 = page?.runs.find((r) => r.text === "Pat Smith");
    // Positions 4 and 5: second row, middle and right columns.
    expect(maria5?.x).toBeCloseTo(0.1875 * 72 + 2.75 * 72 + 0.1 * 72, 2);
    expect(pat6?.x).toBeCloseTo(0.1875 * 72 + 2 * 2.75 * 72 + 0.1 * 72, 2);
    for (const run of [maria5, pat6]) {
      expect(run?.y).toBeGreaterThan(0.5 * 72 + 72);
      expect(run?.y).toBeLessThan(0.5 * 72 + 2 * 72);
    }
  });

  it("renders letters and labels to print-ready HTML with every merged value escaped", async () => {
    const { system, marketer, maria } = await printTenant(t);
    await marketer.marketing.print.setLetterhead({ ...LETTERHEAD, logoUrl: "https://acme.example/logo.png?a=1&b=2" });
    const evil = await system.accounts.create({ name: `<script>alert("x")</script> & Co`, type: "customer" });
    const mallory = await system.contacts.create({
      accountId: evil.id,
      firstName: "Mal<b>",
      lastName: "Lory",
      mailingAddress: { line1: "1 <i>Road</i>", city: "Berlin", postalCode: "10115", country: "DE" },
    });
    await postConsent(system, mallory.id);
    const html = await marketer.marketing.print.letters({
      recipients: [maria.id, mallory.id],
      subject: "Hello {{ contact.firstName }}",
      body: "Dear {{ contact.fullName }} of {{ account.name }},\n\n{% for line in address.lines %}{{ line }}; {% endfor %}",
      format: "html",
    });
    keepForLooking("letter.html", html.html);
    expect(html.count).toBe(2);
    expect(html.html).toContain("@page { size: 595.28pt 841.89pt; margin: 0; }");
    expect(html.html).not.toContain("<script>");
    expect(html.html).not.toContain("<b>");
    expect(html.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co");
    expect(html.html).toContain("Hello Mal&lt;b&gt;");
    expect(html.html).toContain('src="https://acme.example/logo.png?a=1&amp;b=2"');
    expect(html.html.match(/<section class="letter">/g)).toHaveLength(2);
    const labels = await marketer.marketing.print.labels({
      recipients: [maria.id, mallory.id],
      layout: "5160",
      format: "html",
    });
    keepForLooking("labels-5160.html", labels.html);
    expect(labels.html).toContain("@page { size: 612.00pt 792.00pt; margin: 0; }");
    expect(labels.html).toContain('style="left:13.50pt;top:36.00pt"');
    expect(labels.html).toContain('style="left:211.50pt;top:36.00pt"');
    expect(labels.html).toContain("width: 189.00pt; height: 72.00pt");
    expect(labels.html).not.toContain("<i>");
  });

  it("refuses a bad template, an unknown layout and unprintable recipients before rendering, writing nothing", async () => {
    const { tenantId, marketer, maria, nowhere } = await printTenant(t);
    await marketer.marketing.print.setLetterhead(LETTERHEAD);
    const letter = { recipients: [maria.id], body: "Dear {{ contact.firstName }}", format: "pdf" } as const;
    const attempts: [() => Promise<unknown>, string, string | undefined][] = [
      [
        () => marketer.marketing.print.letters({ ...letter, body: "Dear {{ contact.nickname }}" }),
        "body",
        "unknown_merge_field",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, body: "Dear {{ contact.firstName.size }}" }),
        "body",
        "unknown_merge_field",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, subject: "Hi {{ secret }}" }),
        "subject",
        "unknown_merge_field",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, body: "Dear {% if contact.firstName %}" }),
        "body",
        "template_syntax",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, body: "Dear {{ contact.firstName " }),
        "body",
        "template_syntax",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, body: "{{ contact.firstName | shout }}" }),
        "body",
        "template_syntax",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, body: "{% include 'secrets.txt' %}" }),
        "body",
        "template_syntax",
      ],
      [() => marketer.marketing.print.letters({ ...letter, recipients: [] }), "recipients", undefined],
      [
        () => marketer.marketing.print.letters({ ...letter, recipients: [nowhere.id] }),
        "recipients",
        "recipients_not_printable",
      ],
      [
        () => marketer.marketing.print.letters({ ...letter, recipients: ["con_01JZZZZZZZZZZZZZZZZZZZZZZZ"] }),
        "recipients",
        "recipients_not_printable",
      ],
      [
        () => marketer.marketing.print.labels({ recipients: [maria.id], layout: "L7160" as never, format: "pdf" }),
        "layout",
        undefined,
      ],
      [
        () => marketer.marketing.print.labels({ recipients: [maria.id], layout: "L7163", format: "pdf", skip: 14 }),
        "skip",
        undefined,
      ],
      [
        () => marketer.marketing.print.labels({ recipients: [maria.id], layout: "5160", format: "docx" as never }),
        "format",
        undefined,
      ],
    ];
    for (const [attempt, path, reason] of attempts) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error, path).toBeInstanceOf(ValidationError);
      expect(
        (error as ValidationError).issues.map((i) => i.path[0]),
        path,
      ).toContain(path);
      if (reason) expect((error as ValidationError).details?.reason, path).toBe(reason);
    }
  });

  it("sends marketing mail only to contacts who consented to it by post; service mail needs no marketing consent", async () => {
    const { tenantId, system, marketer, maria, pat } = await printTenant(t);
    await marketer.marketing.print.setLetterhead(LETTERHEAD);
    const quiet = await system.contacts.create({
      firstName: "Quinn",
      lastName: "Quiet",
      mailingAddress: { line1: "2 Side Road", city: "Berlin", postalCode: "10115", country: "DE" },
    });
    await marketer.marketing.consents.withdraw({
      subject: { type: "contact", id: pat.id },
      channel: "post",
      source: "phone call",
    });
    const letter = {
      recipients: [maria.id, quiet.id, pat.id],
      body: "Dear {{ contact.firstName }}",
      format: "html",
    } as const;
    for (const attempt of [
      () => marketer.marketing.print.letters(letter),
      () => marketer.marketing.print.labels({ recipients: letter.recipients, layout: "L7163", format: "pdf" }),
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).details).toMatchObject({
        reason: "recipients_not_printable",
        unprintable: [
          { index: 1, contactId: quiet.id, why: "no_consent" },
          { index: 2, contactId: pat.id, why: "no_consent" },
        ],
      });
    }
    const service = await marketer.marketing.print.letters({ ...letter, purpose: "service" });
    expect(service.count).toBe(3);
    const consented = await marketer.marketing.print.labels({
      recipients: [maria.id],
      layout: "L7163",
      format: "html",
    });
    expect(consented.count).toBe(1);
  });

  it("refuses letters before the letterhead is set, and hides what the actor may not see", async () => {
    const { tenantId, system, marketer, maria } = await printTenant(t);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      marketer.marketing.print.letters({ recipients: [maria.id], body: "Hello", format: "html" }),
    );
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).details).toMatchObject({ reason: "letterhead_missing" });
    await marketer.marketing.print.setLetterhead(LETTERHEAD);
    // A role that may not see mailing addresses cannot print to them.
    await system.roles.define({
      name: "addressless",
      grants: { "*:*": "all" },
      hiddenFields: { contact: ["mailingAddress"] },
    });
    const blind = t.as(tenantId, "ben", ["addressless"]);
    await expect(
      blind.marketing.print.labels({ recipients: [maria.id], layout: "L7163", format: "html" }),
    ).rejects.toBeInstanceOf(ValidationError);
    // A role without contacts sees no recipients at all.
    await system.roles.define({ name: "printer_only", grants: { "letterhead:read": "all" } });
    const printer = t.as(tenantId, "pia", ["printer_only"]);
    await expect(
      printer.marketing.print.labels({ recipients: [maria.id], layout: "L7163", format: "html" }),
    ).rejects.toSatisfy((e) => e instanceof ValidationError || (e as { code?: string }).code === "FORBIDDEN");
  });
});
