import { expect, it } from "vitest";
import type { CrmEvent } from "../../events/event-types.js";
import { DuplicateError, ForbiddenError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

function issuePaths(error: unknown): string[] {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((i) => i.path.join("."));
}

/** Contacts: names, typed emails and phones, address, preferences, account link and lookups. */
export function contactTests(h: Harness): void {
  it("create returns a full contact: lower-cased emails, one primary, E.164 phones, preferences and owner", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const account = await alice.accounts.create({ name: "Alfreds Futterkiste", type: "customer" });
    const contact = await alice.contacts.create({
      accountId: account.id,
      firstName: " Maria ",
      lastName: "Anders",
      title: "Sales Representative",
      emails: [{ value: "Maria.Anders@Example.COM" }, { type: "home", value: "maria@home.example" }],
      phones: [
        { type: "work", value: "030-0074321", country: "DE" },
        { type: "mobile", value: "+1 (415) 555-2671 ext. 12", primary: true },
        { type: "home", value: "0049 30 1234567" },
        { type: "other", value: "555-0100" },
      ],
      mailingAddress: { line1: "Obere Str. 57", city: "Berlin", postalCode: "12209", country: "DE" },
      preferredChannel: "email",
      language: "de-ch",
    });
    expect(contact.id.startsWith("con_")).toBe(true);
    expect(contact).toMatchObject({
      accountId: account.id,
      firstName: "Maria",
      lastName: "Anders",
      fullName: "Maria Anders",
      title: "Sales Representative",
      emails: [
        { type: "work", value: "maria.anders@example.com", primary: true },
        { type: "home", value: "maria@home.example", primary: false },
      ],
      primaryEmail: "maria.anders@example.com",
      phones: [
        { type: "work", value: "030-0074321", primary: false, country: "DE", e164: "+49300074321" },
        { type: "mobile", value: "+1 (415) 555-2671 ext. 12", primary: true, country: "US", e164: "+14155552671" },
        { type: "home", value: "0049 30 1234567", primary: false, country: "DE", e164: "+49301234567" },
        { type: "other", value: "555-0100", primary: false, country: null, e164: null },
      ],
      mailingAddress: {
        line1: "Obere Str. 57",
        line2: null,
        city: "Berlin",
        region: null,
        postalCode: "12209",
        country: "DE",
      },
      doNotCall: false,
      doNotEmail: false,
      preferredChannel: "email",
      language: "de-CH",
      ownerId: "alice",
      version: 1,
    });
    expect(await alice.contacts.get(contact.id)).toEqual(contact);
  });

  it("an input read by hand and one left to zod (a class instance) make the same contact, on create and update", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const account = await alice.accounts.create({ name: "Alfreds Futterkiste" });
    // zod accepts any object; the hand-written reader takes plain ones only, so a class instance goes to zod.
    class Input {}
    const viaZod = <T extends object>(values: T): T => Object.assign(new Input(), values);
    const input = {
      accountId: account.id,
      firstName: " Maria ",
      lastName: "Anders",
      emails: [
        { value: "Maria.Anders@Example.COM" },
        { type: "home" as const, value: "m@home.example", primary: true },
      ],
      phones: [
        { value: "030-0074321", country: "DE" },
        { type: "mobile" as const, value: "+1 415 555 2671" },
      ],
      language: "de-ch",
    };
    const created = await alice.contacts.createMany([input, viaZod(input)]);
    const [plain, classy] = created.map(({ id, ...rest }) => ({ id, rest }));
    if (!plain || !classy) throw new Error("createMany returned fewer records than inputs");
    expect(classy.rest).toEqual(plain.rest);
    expect(plain.rest).toMatchObject({ fullName: "Maria Anders", primaryEmail: "m@home.example", language: "de-CH" });
    const patch = { lastName: null, title: " CFO ", phones: [] };
    const { id: _plainId, ...patchedPlain } = await alice.contacts.update(plain.id, patch);
    const { id: _classyId, ...patchedClassy } = await alice.contacts.update(classy.id, viaZod(patch));
    expect(patchedClassy).toEqual(patchedPlain);
    expect(patchedPlain).toMatchObject({ fullName: "Maria", title: "CFO", phones: [], version: 2 });
  });

  it("createMany checks every contact's account in one batch and names the failing index", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const active = await root.accounts.create({ name: "Active" });
    const archived = await root.accounts.create({ name: "Archived" });
    await root.accounts.archive(archived.id);
    const created = await root.contacts.createMany(
      Array.from({ length: 600 }, (_, i) => ({ firstName: `P${i}`, ...(i % 2 === 0 ? { accountId: active.id } : {}) })),
    );
    expect(created).toHaveLength(600);
    expect(created[0]?.accountId).toBe(active.id);
    const ghost = "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5";
    const attempts: [unknown[], string][] = [
      [
        [
          { firstName: "A", accountId: active.id },
          { firstName: "B", accountId: ghost },
        ],
        "1.accountId",
      ],
      [[{ firstName: "A", accountId: archived.id }], "0.accountId"],
      [[{ firstName: "A" }, { firstName: "B" }, { title: "No name" }], "2.lastName"],
    ];
    for (const [inputs, path] of attempts) {
      const error = await expectNothingWritten(h.adapter, tenantId, () => root.contacts.createMany(inputs as never));
      expect(issuePaths(error)).toEqual([path]);
    }
  });

  it("a contact may stand without an account, with only a first or only a last name", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const solo = await root.contacts.create({ lastName: "Prince" });
    expect(solo).toMatchObject({
      accountId: null,
      firstName: null,
      fullName: "Prince",
      emails: [],
      phones: [],
      primaryEmail: null,
      mailingAddress: null,
    });
    expect((await root.contacts.create({ firstName: "Cher" })).fullName).toBe("Cher");
  });

  it("a contact needs a name: create without one, or a patch clearing both, fails and writes nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    expect(
      issuePaths(await expectNothingWritten(h.adapter, tenantId, () => root.contacts.create({ title: "CEO" }))),
    ).toContain("lastName");
    expect(
      issuePaths(
        await expectNothingWritten(h.adapter, tenantId, () =>
          root.contacts.create({ firstName: null, lastName: null }),
        ),
      ),
    ).toContain("lastName");
    const contact = await root.contacts.create({ firstName: "Ana", lastName: "Trujillo" });
    expect(
      issuePaths(
        await expectNothingWritten(h.adapter, tenantId, () =>
          root.contacts.update(contact.id, { firstName: null, lastName: null }),
        ),
      ),
    ).toContain("lastName");
    const renamed = await root.contacts.update(contact.id, { firstName: null });
    expect(renamed).toMatchObject({ firstName: null, lastName: "Trujillo", fullName: "Trujillo", version: 2 });
  });

  it("rejects bad emails, phones, preferences and addresses with ValidationError naming the field, writing nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const cases: [unknown, string][] = [
      [{ lastName: "X", emails: [{ value: "not-an-email" }] }, "emails.0.value"],
      [
        {
          lastName: "X",
          emails: [
            { value: "a@example.com", primary: true },
            { value: "b@example.com", primary: true },
          ],
        },
        "emails.1.primary",
      ],
      [{ lastName: "X", emails: [{ value: "a@example.com" }, { value: "A@Example.com" }] }, "emails.1.value"],
      [{ lastName: "X", emails: [{ type: "fax", value: "a@example.com" }] }, "emails.0.type"],
      [{ lastName: "X", emails: [{ value: "a@example.com", label: "main" }] }, "emails.0"],
      [{ lastName: "X", emails: Array.from({ length: 21 }, (_, i) => ({ value: `p${i}@example.com` })) }, "emails"],
      [{ lastName: "X", emails: "a@example.com" }, "emails"],
      [{ lastName: "X", phones: [{ value: "call me maybe" }] }, "phones.0.value"],
      [{ lastName: "X", phones: [{ value: "12" }] }, "phones.0.value"],
      [
        {
          lastName: "X",
          phones: [
            { value: "+49 30 1", primary: true },
            { value: "+49 30 2", primary: true },
          ],
        },
        "phones.1.primary",
      ],
      [{ lastName: "X", phones: [{ value: "+49 30 123" }, { value: "+49-30-123" }] }, "phones.1.value"],
      [{ lastName: "X", phones: [{ value: "030 123456", country: "Germany" }] }, "phones.0.country"],
      [{ lastName: "X", preferredChannel: "pigeon" }, "preferredChannel"],
      [{ lastName: "X", language: "not a language!" }, "language"],
      [{ lastName: "X", doNotCall: "yes" }, "doNotCall"],
      [{ lastName: "X", mailingAddress: { city: "Lyon", country: "FRA" } }, "mailingAddress.country"],
      [{ lastName: "X", ownerId: "has spaces" }, "ownerId"],
      [{ lastName: "X", fullName: "Set by hand" }, ""],
      [{ lastName: "X", primaryEmail: "x@example.com" }, ""],
      [{ lastName: "Nul\u0000" }, "lastName"],
    ];
    for (const [input, path] of cases) {
      const error = await expectNothingWritten(h.adapter, tenantId, () => root.contacts.create(input as never));
      if (path === "") expect(error).toBeInstanceOf(ValidationError);
      else expect(issuePaths(error)).toContain(path);
    }
  });

  it("refuses an account that is unknown, archived or another tenant's, writing nothing", async () => {
    const tenantId = await h.tenant();
    const other = await h.tenant();
    const root = admin(h, tenantId);
    const foreign = await admin(h, other).accounts.create({ name: "Elsewhere" });
    const closed = await root.accounts.create({ name: "Closed" });
    await root.accounts.archive(closed.id);
    const contact = await root.contacts.create({ lastName: "Loyal" });
    for (const accountId of [
      "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5",
      closed.id,
      foreign.id,
      "prd_01JDQ8Z6X4W3F2R5T7Y9B1N3M5",
    ]) {
      expect(
        issuePaths(
          await expectNothingWritten(h.adapter, tenantId, () => root.contacts.create({ lastName: "N", accountId })),
        ),
      ).toContain("accountId");
      expect(
        issuePaths(
          await expectNothingWritten(h.adapter, tenantId, () => root.contacts.update(contact.id, { accountId })),
        ),
      ).toContain("accountId");
    }
  });

  it("lists an account's contacts by accountId, sorted by full name, and filters on preferences", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const acme = await root.accounts.create({ name: "Acme" });
    const globex = await root.accounts.create({ name: "Globex" });
    await root.contacts.create({ accountId: acme.id, firstName: "Zoe", lastName: "Adams", doNotEmail: true });
    await root.contacts.create({ accountId: acme.id, firstName: "Adam", lastName: "Zorn" });
    await root.contacts.create({ accountId: globex.id, firstName: "Gil", lastName: "Bates" });
    await root.contacts.create({ firstName: "No", lastName: "Account" });
    const atAcme = await root.contacts.list({
      filter: [{ field: "accountId", op: "eq", value: acme.id }],
      orderBy: { field: "fullName" },
    });
    expect(atAcme.items.map((c) => c.fullName)).toEqual(["Adam Zorn", "Zoe Adams"]);
    const byLast = await root.contacts.list({ orderBy: { field: "lastName" } });
    expect(byLast.items.map((c) => c.lastName)).toEqual(["Account", "Adams", "Bates", "Zorn"]);
    const mailable = await root.contacts.list({
      filter: [
        { field: "doNotEmail", op: "eq", value: false },
        { field: "accountId", op: "isNull", value: false },
      ],
    });
    expect(mailable.items.map((c) => c.fullName).sort()).toEqual(["Adam Zorn", "Gil Bates"]);
    const named = await root.contacts.list({ filter: [{ field: "fullName", op: "contains", value: "oe ad" }] });
    expect(named.items.map((c) => c.fullName)).toEqual(["Zoe Adams"]);
  });

  it("findByEmail matches the primary email case-insensitively, skips archived contacts, and follows changes", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const maria = await root.contacts.create({
      lastName: "Anders",
      emails: [{ value: "maria@example.com" }, { value: "m.anders@example.com" }],
    });
    const twin = await root.contacts.create({ lastName: "Anders (dup)", emails: [{ value: "MARIA@example.com" }] });
    expect((await root.contacts.findByEmail("  Maria@EXAMPLE.com "))?.id).toBe(maria.id);
    expect(await root.contacts.findByEmail("m.anders@example.com")).toBeNull();
    expect(await root.contacts.findByEmail("nobody@example.com")).toBeNull();
    expect(await rep(h, tenantId).contacts.findByEmail("maria@example.com")).toMatchObject({ id: maria.id });

    const switched = await root.contacts.update(maria.id, {
      emails: [{ value: "maria@example.com" }, { value: "m.anders@example.com", primary: true }],
    });
    expect(switched.primaryEmail).toBe("m.anders@example.com");
    expect((await root.contacts.findByEmail("M.Anders@example.com"))?.id).toBe(maria.id);
    expect((await root.contacts.findByEmail("maria@example.com"))?.id).toBe(twin.id);
    await root.contacts.archive(twin.id);
    expect(await root.contacts.findByEmail("maria@example.com")).toBeNull();
    expect((await root.contacts.update(maria.id, { emails: [] })).primaryEmail).toBeNull();
    expect(await root.contacts.findByEmail("m.anders@example.com")).toBeNull();
    await expect(root.contacts.findByEmail("not an email")).rejects.toBeInstanceOf(ValidationError);
  });

  it("a record's phones and emails can be passed back unchanged; e164 is recomputed, not taken from input", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const contact = await root.contacts.create({
      lastName: "Round",
      phones: [{ value: "06 12 34 56 78", country: "FR" }],
      emails: [{ value: "r@example.com" }],
    });
    expect(contact.phones[0]?.e164).toBe("+33612345678");
    const same = await root.contacts.update(contact.id, { phones: contact.phones, emails: contact.emails });
    expect(same.phones).toEqual(contact.phones);
    expect(same.emails).toEqual(contact.emails);
    const forged = await root.contacts.update(contact.id, {
      phones: [{ value: "06 12 34 56 78", country: "FR", e164: "+10000000000" }],
    });
    expect(forged.phones[0]?.e164).toBe("+33612345678");
  });

  it("upsertByExternalId creates once then updates; findByExternalId finds it; a taken key is a DuplicateError", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const first = await root.contacts.upsertByExternalId("erp", "P-77", {
      firstName: "Thomas",
      lastName: "Hardy",
      emails: [{ value: "thomas@example.com" }],
    });
    expect(first).toMatchObject({
      created: true,
      record: { externalIds: { erp: "P-77" }, primaryEmail: "thomas@example.com" },
    });
    const second = await root.contacts.upsertByExternalId("erp", "P-77", {
      lastName: "Hardy-Smith",
      emails: [{ value: "th@example.com" }],
    });
    expect(second).toMatchObject({
      created: false,
      record: {
        id: first.record.id,
        firstName: "Thomas",
        fullName: "Thomas Hardy-Smith",
        primaryEmail: "th@example.com",
        version: 2,
      },
    });
    expect((await root.contacts.findByExternalId("erp", "P-77"))?.id).toBe(first.record.id);
    expect(await root.contacts.findByExternalId("erp", "P-78")).toBeNull();
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        root.contacts.create({ lastName: "Clash", externalIds: { erp: "P-77" } }),
      ),
    ).toBeInstanceOf(DuplicateError);
    // The same key names an account independently of a contact.
    expect((await root.accounts.upsertByExternalId("erp", "P-77", { name: "Hardy Ltd" })).created).toBe(true);
  });

  it("emits contact.created, contact.updated (with the changed fields) and contact.archived", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const seen: CrmEvent[] = [];
    const off = h.crm.on("*", (e) => {
      if (e.tenantId === tenantId && e.type.startsWith("contact.")) seen.push(e);
    });
    const contact = await root.contacts.create({ lastName: "Evented" });
    await root.contacts.update(contact.id, { emails: [{ value: "e@example.com" }], doNotCall: true });
    await root.contacts.archive(contact.id);
    off();
    expect(seen.map((e) => [e.type, e.data])).toEqual([
      ["contact.created", { id: contact.id, version: 1 }],
      ["contact.updated", { id: contact.id, version: 2, changed: ["emails", "primaryEmail", "doNotCall"] }],
      ["contact.archived", { id: contact.id, version: 3, changed: ["archivedAt"] }],
    ]);
  });

  it("default roles: reps edit only their own contacts, service agents edit any, read-only cannot write", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId, "alice");
    const bob = rep(h, tenantId, "bob");
    const bobs = await bob.contacts.create({ lastName: "Bob's" });
    expect((await alice.contacts.get(bobs.id)).ownerId).toBe("bob");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => alice.contacts.update(bobs.id, { title: "Mine now" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(await expectNothingWritten(h.adapter, tenantId, () => alice.contacts.archive(bobs.id))).toBeInstanceOf(
      ForbiddenError,
    );
    const agent = h.crm.as({ tenantId, userId: "sam", roles: ["service_agent"] });
    expect((await agent.contacts.update(bobs.id, { title: "Buyer" })).title).toBe("Buyer");
    const readOnly = h.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    expect(await readOnly.contacts.findByEmail("x@example.com")).toBeNull();
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => readOnly.contacts.create({ lastName: "Nope" })),
    ).toBeInstanceOf(ForbiddenError);
    const nobody = h.crm.as({ tenantId, userId: "nobody", roles: [] });
    await expect(nobody.contacts.findByEmail("x@example.com")).rejects.toBeInstanceOf(ForbiddenError);
  });
}
