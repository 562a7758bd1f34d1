import { expect, it } from "vitest";
import { DuplicateError, ValidationError } from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

export function customFieldTests(h: Harness): void {
  async function defineAll(tenantId: string) {
    const fields = admin(h, tenantId).customFields;
    await fields.define({
      entityType: "account",
      key: "segment",
      label: "Segment",
      kind: "select",
      options: ["smb", "mid", "enterprise"],
      required: true,
      defaultValue: "smb",
    });
    await fields.define({ entityType: "account", key: "seats", label: "Seats", kind: "number" });
    await fields.define({ entityType: "account", key: "arr", label: "ARR", kind: "money", currency: "EUR" });
    await fields.define({ entityType: "account", key: "renewsOn", label: "Renews on", kind: "date" });
    await fields.define({ entityType: "account", key: "strategic", label: "Strategic", kind: "boolean" });
    await fields.define({
      entityType: "account",
      key: "regions",
      label: "Regions",
      kind: "multiselect",
      options: ["emea", "amer", "apac"],
    });
    await fields.define({ entityType: "account", key: "notes", label: "Notes", kind: "text" });
  }

  it("custom field values are validated by kind, defaults apply and required fields are enforced", async () => {
    const tenantId = await h.tenant();
    await defineAll(tenantId);
    const root = admin(h, tenantId);
    const account = await root.accounts.create({
      name: "Typed",
      custom: {
        seats: 250,
        arr: 1_500_000,
        renewsOn: "2027-01-31",
        strategic: true,
        regions: ["emea", "apac"],
        notes: "ok",
      },
    });
    expect(account.custom).toEqual({
      segment: "smb",
      seats: 250,
      arr: 1_500_000,
      renewsOn: "2027-01-31",
      strategic: true,
      regions: ["emea", "apac"],
      notes: "ok",
    });
    const bad: Record<string, unknown>[] = [
      { seats: "250" },
      { arr: 10.5 },
      { renewsOn: "31/01/2027" },
      { strategic: "yes" },
      { segment: "huge" },
      { regions: ["emea", "mars"] },
      { regions: ["emea", "emea"] },
      { segment: null },
    ];
    for (const custom of bad) {
      const error = await expectNothingWritten(h.adapter, tenantId, () =>
        root.accounts.create({ name: "Bad", custom: custom as never }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path.slice(0, 2)).toEqual(["custom", Object.keys(custom)[0]]);
    }
    // createMany checks every input's values and names each failing input's index.
    const batchError = await expectNothingWritten(h.adapter, tenantId, () =>
      root.accounts.createMany([
        { name: "Fine", custom: { seats: 10 } },
        { name: "Bad seats", custom: { seats: "ten" as never } },
        { name: "Fine too" },
        { name: "Unknown", custom: { colour: "red" } },
        { name: "No segment", custom: { segment: null } },
      ]),
    );
    expect(batchError).toBeInstanceOf(ValidationError);
    expect((batchError as ValidationError).issues.map((i) => i.path.slice(0, 3))).toEqual([
      [1, "custom", "seats"],
      [3, "custom", "colour"],
      [4, "custom", "segment"],
    ]);
    const batch = await root.accounts.createMany([{ name: "Defaulted" }, { name: "Mid", custom: { segment: "mid" } }]);
    expect(batch.map((a) => a.custom)).toEqual([{ segment: "smb" }, { segment: "mid" }]);

    const error = await expectNothingWritten(h.adapter, tenantId, () =>
      root.accounts.update(account.id, { custom: { segment: null } }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const updated = await root.accounts.update(account.id, { custom: { seats: 300, notes: null } });
    expect(updated.custom).toMatchObject({ seats: 300, notes: null, segment: "smb" });
    const history = await root.audit.history("account", account.id);
    expect(history.items.at(-1)?.changes).toEqual({ "custom.seats": [250, 300], "custom.notes": ["ok", null] });
  });

  it("custom fields filter and sort in list, by their kind", async () => {
    const tenantId = await h.tenant();
    await defineAll(tenantId);
    const root = admin(h, tenantId);
    const rows = [
      { name: "A", custom: { seats: 9, segment: "mid", strategic: true, renewsOn: "2027-03-01" } },
      { name: "B", custom: { seats: 100, segment: "enterprise", strategic: false, renewsOn: "2026-12-01" } },
      { name: "C", custom: { seats: 10, segment: "mid" } },
      { name: "D", custom: { segment: "smb" } },
    ];
    for (const row of rows) await root.accounts.create(row as never);
    const names = async (options: Parameters<typeof root.accounts.list>[0]) =>
      (await root.accounts.list(options)).items.map((a) => a.name);
    // 9 < 10 < 100 numerically (as text "10" < "100" < "9" would be wrong).
    expect(await names({ orderBy: { field: "custom.seats" } })).toEqual(["A", "C", "B", "D"]);
    expect(await names({ orderBy: { field: "custom.seats", direction: "desc" }, limit: 2 })).toEqual(["B", "C"]);
    expect(await names({ filter: [{ field: "custom.seats", op: "gte", value: 10 }] })).toEqual(["B", "C"]);
    expect(await names({ filter: [{ field: "custom.segment", op: "eq", value: "mid" }] })).toEqual(["A", "C"]);
    expect(await names({ filter: [{ field: "custom.strategic", op: "eq", value: true }] })).toEqual(["A"]);
    expect(await names({ filter: [{ field: "custom.strategic", op: "eq", value: false }] })).toEqual(["B"]);
    expect(await names({ filter: [{ field: "custom.renewsOn", op: "lt", value: "2027-01-01" }] })).toEqual(["B"]);
    expect(await names({ filter: [{ field: "custom.seats", op: "isNull", value: true }] })).toEqual(["D"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof root.accounts.list>> = await root.accounts.list({
        orderBy: { field: "custom.seats" },
        limit: 1,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...page.items.map((a) => a.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["A", "C", "B", "D"]);
    await expect(
      root.accounts.list({ filter: [{ field: "custom.regions", op: "eq", value: "emea" }] }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(root.accounts.list({ filter: [{ field: "custom.nope", op: "eq", value: 1 }] })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("defining fields refuses duplicates, bad definitions and unknown entity types, and needs permission", async () => {
    const tenantId = await h.tenant();
    const fields = admin(h, tenantId).customFields;
    await fields.define({ entityType: "account", key: "tier", label: "Tier", kind: "text" });
    const attempts: [unknown, new (...args: never[]) => Error][] = [
      [{ entityType: "account", key: "tier", label: "Again", kind: "text" }, DuplicateError],
      [{ entityType: "spaceship", key: "x", label: "X", kind: "text" }, ValidationError],
      [{ entityType: "account", key: "Bad Key", label: "X", kind: "text" }, ValidationError],
      [{ entityType: "account", key: "pick", label: "X", kind: "select" }, ValidationError],
      [{ entityType: "account", key: "amount", label: "X", kind: "money" }, ValidationError],
      [{ entityType: "account", key: "n", label: "X", kind: "number", defaultValue: "ten" }, ValidationError],
      [{ entityType: "account", key: "x", label: "X", kind: "colour" }, ValidationError],
    ];
    for (const [input, expected] of attempts) {
      expect(await expectNothingWritten(h.adapter, tenantId, () => fields.define(input as never))).toBeInstanceOf(
        expected,
      );
    }
    await expect(
      rep(h, tenantId).customFields.define({ entityType: "account", key: "mine", label: "Mine", kind: "text" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await rep(h, tenantId).customFields.list()).items.map((f) => f.key)).toEqual(["tier"]);
  });

  it("tags are normalised, filterable with hasTag / hasAnyTag, replaceable and audited", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const a = await root.accounts.create({ name: "A", tags: ["VIP", " renewal ", "vip"] });
    const b = await root.accounts.create({ name: "B", tags: ["churn-risk"] });
    await root.accounts.create({ name: "C" });
    expect(a.tags).toEqual(["renewal", "vip"]);
    expect((await root.accounts.get(a.id)).tags).toEqual(["renewal", "vip"]);
    const names = async (filter: Parameters<typeof root.accounts.list>[0]) =>
      (await root.accounts.list(filter)).items.map((x) => x.name);
    expect(await names({ filter: [{ field: "tags", op: "hasTag", value: "VIP" }] })).toEqual(["A"]);
    expect(await names({ filter: [{ field: "tags", op: "hasAnyTag", value: ["vip", "churn-risk"] }] })).toEqual([
      "A",
      "B",
    ]);
    await root.accounts.update(b.id, { tags: ["vip"] });
    expect(await names({ filter: [{ field: "tags", op: "hasTag", value: "churn-risk" }] })).toEqual([]);
    expect(await names({ filter: [{ field: "tags", op: "hasTag", value: "vip" }] })).toEqual(["A", "B"]);
    expect((await root.audit.history("account", b.id)).items.at(-1)?.changes).toEqual({
      tags: [["churn-risk"], ["vip"]],
    });
    await expect(root.accounts.list({ filter: [{ field: "tags", op: "eq", value: "vip" }] })).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => root.accounts.create({ name: "T", tags: ["a,b"] })),
    ).toBeInstanceOf(ValidationError);
  });
}
