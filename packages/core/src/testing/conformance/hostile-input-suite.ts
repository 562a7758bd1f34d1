import { expect, it } from "vitest";
import { encodeCursor } from "../../entities/list-query.js";
import { CrmError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten, tenantSnapshot } from "../snapshot.js";
import { admin, type Harness } from "./harness.js";

const LONE_HIGH = "lone \uD800 high";
const LONE_LOW = "lone \uDC00 low";

/** Inputs `accounts.create` must refuse with `ValidationError` because of ill-formed UTF-16, each with the path it must name. */
const ILL_FORMED_CREATES: [label: string, input: unknown, path: string][] = [
  ["a name with a lone high surrogate", { name: LONE_HIGH }, "name"],
  ["a name with a lone low surrogate", { name: LONE_LOW }, "name"],
  ["a name ending in a high surrogate", { name: "Acme \uD83D" }, "name"],
  ["a description with a lone surrogate", { name: "D", description: LONE_HIGH }, "description"],
  ["a custom text value with a lone surrogate", { name: "C", custom: { note: LONE_HIGH } }, "custom"],
  ["a custom list value with a lone surrogate", { name: "C", custom: { note: ["ok", LONE_LOW] } }, "custom"],
  ["a tag with a lone surrogate", { name: "T", tags: [LONE_HIGH] }, "tags"],
  ["an external id with a lone surrogate", { name: "E", externalIds: { erp: LONE_LOW } }, "externalIds"],
];

/** Well-formed text that is easy to mangle: it must be stored and read back exactly. */
const AWKWARD_TEXT = [
  "emoji 😀 pair",
  "\uFFFF and \uFFFE",
  'back\\slash "quoted" \\u0041',
  "line\u2028sep\u2029arator",
  "control \u0001\u001f chars",
  "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral",
  "combining e\u0301",
];

/** Names that are properties of every object's prototype. */
const PROTOTYPE_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

function cursorOf(state: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}

export function hostileInputTests(h: Harness): void {
  for (const [label, input, path] of ILL_FORMED_CREATES) {
    it(`create refuses ${label} with ValidationError and writes nothing`, async () => {
      const tenantId = await h.tenant();
      await h.crm
        .system(tenantId)
        .customFields.define({ entityType: "account", key: "note", label: "Note", kind: "text" });
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        admin(h, tenantId).accounts.create(input as never),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path.join("."))).toContainEqual(
        expect.stringContaining(path),
      );
    });
  }

  it("update, lists, role names and custom field definitions refuse lone surrogates, writing nothing", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Target" });
    const attempts: (() => Promise<unknown>)[] = [
      () => root.accounts.update(account.id, { name: LONE_HIGH }),
      () => root.accounts.update(account.id, { tags: ["ok", LONE_LOW] }),
      () => root.accounts.list({ filter: [{ field: "name", op: "eq", value: LONE_HIGH }] }),
      () => root.accounts.list({ filter: [{ field: "name", op: "in", value: ["a", LONE_LOW] }] }),
      () => root.accounts.list({ filter: [{ field: "tags", op: "hasTag", value: LONE_HIGH }] }),
      async () => h.crm.as({ tenantId, userId: "u1", roles: [`admin${LONE_HIGH}`] }),
      () => root.customFields.define({ entityType: "account", key: "label", label: LONE_LOW, kind: "text" }),
      () =>
        root.customFields.define({
          entityType: "account",
          key: "tier",
          label: "Tier",
          kind: "select",
          options: ["gold", LONE_HIGH],
        }),
      () =>
        root.customFields.define({
          entityType: "account",
          key: "dflt",
          label: "D",
          kind: "text",
          defaultValue: LONE_LOW,
        }),
    ];
    for (const [i, attempt] of attempts.entries()) {
      const error = await expectNothingWritten(h.adapter, tenantId, attempt).catch((e: unknown) => e);
      expect(error, `attempt ${i}`).toBeInstanceOf(ValidationError);
    }
    expect((await root.accounts.get(account.id)).name).toBe("Target");
  });

  it("awkward but well-formed text round-trips exactly, and filters and sorts on custom fields keep working", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.customFields.define({ entityType: "account", key: "note", label: "Note", kind: "text" });
    await root.customFields.define({ entityType: "account", key: "rank", label: "Rank", kind: "number" });
    const made = [];
    for (const [i, text] of AWKWARD_TEXT.entries()) {
      made.push(
        await root.accounts.create({
          name: text,
          description: text,
          custom: { note: text, rank: i },
          tags: [`t${i}`],
          externalIds: { erp: text },
        }),
      );
    }
    for (const [i, account] of made.entries()) {
      const text = AWKWARD_TEXT[i];
      const read = await root.accounts.get(account.id);
      expect([read.name, read.description, read.custom.note, read.externalIds.erp]).toEqual([text, text, text, text]);
      const found = await root.accounts.list({ filter: [{ field: "custom.note", op: "eq", value: text }] });
      expect(found.items.map((a) => a.id)).toEqual([account.id]);
      expect((await root.accounts.findByExternalId("erp", text as string))?.id).toBe(account.id);
    }
    const byRank = await root.accounts.list({ orderBy: { field: "custom.rank", direction: "desc" } });
    expect(byRank.items.map((a) => a.custom.note)).toEqual([...AWKWARD_TEXT].reverse());
    const sorted = await root.accounts.list({ orderBy: { field: "custom.note" }, limit: 3 });
    expect(sorted.items).toHaveLength(3);
    expect(sorted.nextCursor).not.toBeNull();
    const rest = await root.accounts.list({ orderBy: { field: "custom.note" }, cursor: sorted.nextCursor ?? "" });
    expect(new Set([...sorted.items, ...rest.items].map((a) => a.id)).size).toBe(AWKWARD_TEXT.length);
  });

  it("filter values of the wrong kind, with NUL, or with an operator the field's kind has not are ValidationErrors naming the value", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.customFields.define({ entityType: "account", key: "seats", label: "Seats", kind: "number" });
    await root.accounts.create({ name: "Present", employeeCount: 5 });
    const filters: [field: string, op: string, value: unknown, path: string][] = [
      ["employeeCount", "eq", "abc", "filter.0.value"],
      ["employeeCount", "gt", "5", "filter.0.value"],
      ["employeeCount", "in", [1, "two"], "filter.0.value"],
      ["employeeCount", "eq", true, "filter.0.value"],
      ["employeeCount", "eq", 1.5, "filter.0.value"],
      ["employeeCount", "contains", "5", "filter.0.op"],
      ["employeeCount", "startsWith", "5", "filter.0.op"],
      ["custom.seats", "contains", "5", "filter.0.op"],
      ["custom.seats", "eq", "many", "filter.0.value"],
      ["name", "eq", true, "filter.0.value"],
      ["name", "eq", 42, "filter.0.value"],
      ["name", "ne", false, "filter.0.value"],
      ["name", "eq", "a\u0000b", "filter.0.value"],
      ["name", "contains", "a\u0000b", "filter.0.value"],
      ["createdAt", "gt", 1234, "filter.0.value"],
      ["name", "isNull", "yes", "filter.0.value"],
    ];
    for (const [field, op, value, path] of filters) {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        root.accounts.list({ filter: [{ field, op: op as never, value }] }),
      );
      expect(error, `${field} ${op} ${JSON.stringify(value)}`).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((i) => i.path.join("."))).toContain(path);
    }
    // The same filters with values of the field's kind work.
    const found = await root.accounts.list({
      filter: [
        { field: "employeeCount", op: "in", value: [5, 6] },
        { field: "name", op: "contains", value: "res" },
      ],
    });
    expect(found.items.map((a) => a.name)).toEqual(["Present"]);
  });

  it("filters and sorts on names of Object.prototype are ValidationErrors", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    for (const name of PROTOTYPE_NAMES) {
      for (const attempt of [
        () => root.accounts.list({ filter: [{ field: name, op: "eq", value: "x" }] }),
        () => root.accounts.list({ filter: [{ field: `custom.${name}`, op: "eq", value: "x" }] }),
        () => root.accounts.list({ orderBy: { field: name } }),
      ]) {
        const error = await expectNothingWritten(h.adapter, tenantId, attempt);
        expect(error, name).toBeInstanceOf(ValidationError);
      }
    }
  });

  it("cursors whose values have the wrong kind or NUL are ValidationErrors", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const cursors = [
      encodeCursor({ f: "employeeCount", d: "asc", v: "abc", id: "acc_x" }),
      encodeCursor({ f: "createdAt", d: "asc", v: "2026-01-01T00:00:00.000Z", id: "acc_\u0000" }),
      encodeCursor({ f: "createdAt", d: "asc", v: "2026\u0000", id: "acc_x" }),
      encodeCursor({ f: "createdAt", d: "asc", v: 17, id: "acc_x" }),
      cursorOf({ f: "createdAt", d: "asc", v: null, id: 5 }),
    ];
    const orders = [{ field: "employeeCount" }, { field: "createdAt" }, { field: "createdAt" }, { field: "createdAt" }];
    for (const [i, cursor] of cursors.entries()) {
      const orderBy = orders[i] ?? { field: "createdAt" };
      const error = await expectNothingWritten(h.adapter, tenantId, () => root.accounts.list({ orderBy, cursor }));
      expect(error, cursor).toBeInstanceOf(ValidationError);
    }
  });

  it("the change feed and role names refuse NUL and values of the wrong type with ValidationError", async () => {
    const tenantId = await h.tenant();
    const attempts: (() => Promise<unknown>)[] = [
      () => h.crm.changes.since(undefined, { tenantId: `${tenantId}\u0000` }),
      () => h.crm.changes.since(undefined, { tenantId: `${tenantId}\uD800` }),
      () => h.crm.changes.since(5 as never),
      () => h.crm.changes.since({ seq: 1 } as never),
      async () => h.crm.as({ tenantId, userId: "u1", roles: ["admin\u0000"] }),
    ];
    for (const [i, attempt] of attempts.entries()) {
      const error = await expectNothingWritten(h.adapter, tenantId, attempt).catch((e: unknown) => e);
      expect(error, `attempt ${i}`).toBeInstanceOf(ValidationError);
    }
  });

  it("external-id lookups and history with NUL or malformed keys answer nothing or a CrmError, never a raw database error", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Keyed", externalIds: { erp: "C-1" } });
    // entity-service and audit-service do not validate these arguments yet (see the skipped case below).
    const attempts: (() => Promise<unknown>)[] = [
      () => root.accounts.findByExternalId("erp", "C-\u00001"),
      () => root.accounts.findByExternalId("e\u0000rp", "C-1"),
      () => root.accounts.findByExternalId("erp", LONE_HIGH),
      () => root.accounts.upsertByExternalId("erp", "C-\u00002", { name: "New" }),
      () => root.audit.history("account", `${account.id}\u0000`),
    ];
    const before = await tenantSnapshot(h.adapter, tenantId);
    for (const [i, attempt] of attempts.entries()) {
      const outcome = await attempt().then(
        (value) => value,
        (error: unknown) => error,
      );
      if (outcome instanceof Error) expect(outcome, `attempt ${i}`).toBeInstanceOf(CrmError);
      else
        expect(outcome, `attempt ${i}`).toSatisfy(
          (v) => v === null || (v as { items?: unknown[] }).items?.length === 0,
        );
    }
    expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(before);
    expect((await root.accounts.findByExternalId("erp", "C-1"))?.id).toBe(account.id);
  });

  it("external-id lookups and history refuse NUL and malformed keys with ValidationError", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Keyed", externalIds: { erp: "C-1" } });
    const attempts: (() => Promise<unknown>)[] = [
      () => root.accounts.findByExternalId("erp", "C-\u00001"),
      () => root.accounts.findByExternalId("ERP System", "C-1"),
      () => root.accounts.findByExternalId(42 as never, "C-1"),
      () => root.accounts.upsertByExternalId("erp", "C-\u00002", { name: "New" }),
      () => root.audit.history("account", `${account.id}\u0000`),
    ];
    for (const attempt of attempts) {
      expect(await expectNothingWritten(h.adapter, tenantId, attempt)).toBeInstanceOf(ValidationError);
    }
  });

  it("concurrent definitions of one custom field key make one field; the others fail with DuplicateError", async () => {
    const tenantId = await h.tenant();
    const fields = h.crm.system(tenantId).customFields;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        fields.define({ entityType: "account", key: "region", label: "Region", kind: "text" }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "DUPLICATE" });
    }
    expect((await fields.list()).items.filter((f) => f.key === "region")).toHaveLength(1);
  });

  it("a database failure inside a call becomes a StorageError with the driver's error as cause, writing nothing", async () => {
    const tenantId = await h.tenant();
    const off = h.crm.before("account.create", async (_input, op) => {
      if (op.tenantId === tenantId) await op.db.selectFrom("no_such_table").selectAll().execute();
    });
    try {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        admin(h, tenantId).accounts.create({ name: "Doomed" }),
      );
      expect(error).toBeInstanceOf(CrmError);
      expect(error).toMatchObject({ code: "STORAGE_FAILED", retryable: false });
      expect((error as CrmError).cause).toBeInstanceOf(Error);
      expect((error as CrmError).cause).not.toBeInstanceOf(CrmError);
    } finally {
      off();
    }
    // The failure left nothing broken behind: the next call works.
    expect((await admin(h, tenantId).accounts.create({ name: "Fine" })).name).toBe("Fine");
  });

  it("an input whose name sits on its prototype is refused", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Own" });
    for (const attempt of [
      () => root.accounts.create(Object.create({ name: "Inherited" })),
      () => root.accounts.createMany([Object.create({ name: "Inherited" })]),
      () => root.accounts.create({ name: "Own", custom: Object.create({ note: "inherited" }) }),
      () => root.accounts.update(account.id, Object.create({ name: "Inherited" })),
    ]) {
      const error = await expectNothingWritten(h.adapter, tenantId, attempt);
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect((await root.accounts.get(account.id)).name).toBe("Own");
  });

  it("__proto__, constructor and prototype keys in custom values and external ids are refused, not dropped", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const inputs = [
      JSON.parse('{ "name": "P", "custom": { "__proto__": "x" } }'),
      JSON.parse('{ "name": "P", "custom": { "__proto__": { "note": "x" } } }'),
      JSON.parse('{ "name": "P", "externalIds": { "__proto__": "x" } }'),
      { name: "P", custom: { constructor: "x" } },
      { name: "P", custom: { prototype: "x" } },
      { name: "P", externalIds: { constructor: "C-1" } },
      { name: "P", externalIds: { prototype: "C-1" } },
    ];
    for (const input of inputs) {
      const error = await expectNothingWritten(h.adapter, tenantId, () => root.accounts.create(input));
      expect(error, JSON.stringify(input)).toBeInstanceOf(ValidationError);
    }
  });

  it("custom fields may not be keyed constructor or prototype", async () => {
    const tenantId = await h.tenant();
    const fields = admin(h, tenantId).customFields;
    for (const key of ["constructor", "prototype", "__proto__"]) {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        fields.define({ entityType: "account", key, label: key, kind: "text" }),
      );
      expect(error, key).toBeInstanceOf(ValidationError);
    }
  });

  it("custom fields keyed like Object.prototype methods are enforced and defaulted like any other", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    await root.customFields.define({
      entityType: "account",
      key: "toString",
      label: "T",
      kind: "text",
      required: true,
    });
    await root.customFields.define({
      entityType: "account",
      key: "valueOf",
      label: "V",
      kind: "text",
      defaultValue: "fallback",
    });
    const error = await expectNothingWritten(h.adapter, tenantId, () => root.accounts.create({ name: "Missing" }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join("."))).toContain("custom.toString");
    const made = await root.accounts.create({ name: "Given", custom: { toString: "set" } });
    expect(made.custom).toEqual({ toString: "set", valueOf: "fallback" });
    expect(Object.hasOwn(made.custom, "valueOf")).toBe(true);
    const cleared = await expectNothingWritten(h.adapter, tenantId, () =>
      root.accounts.update(made.id, { custom: { toString: null } }),
    );
    expect(cleared).toBeInstanceOf(ValidationError);
    const found = await root.accounts.list({ filter: [{ field: "custom.toString", op: "eq", value: "set" }] });
    expect(found.items.map((a) => a.id)).toEqual([made.id]);
    expect(await tenantSnapshot(h.adapter, tenantId)).toMatchObject({ accounts: 1 });
  });
}
