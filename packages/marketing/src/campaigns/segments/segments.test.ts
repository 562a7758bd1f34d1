import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";
import { type CampaignsCrm, campaignsTenant } from "../shared/campaign-fixtures.js";

describeEachAdapter("marketing segments", (target) => {
  const t: CampaignsCrm = useTestCrm({
    createAdapter: target.create,
    dispose: target.dispose,
    modules: [sales(), marketing()],
  });

  /** Contacts of two owners with a custom tier, and a tenant role that sees only its own contacts. */
  async function audience() {
    const setup = await campaignsTenant(t);
    const { admin, tenantId } = setup;
    await admin.customFields.define({
      entityType: "contact",
      key: "tier",
      label: "Tier",
      kind: "select",
      options: ["gold", "silver"],
    });
    await admin.roles.define({
      name: "field_marketer",
      grants: { "segment:*": "all", "contact:read": "own" },
      hiddenFields: { contact: ["email"] },
    });
    const make = (firstName: string, ownerId: string, tier: string, country: string) =>
      admin.contacts.create({
        firstName,
        lastName: "Test",
        ownerId,
        custom: { tier },
        mailingAddress: { country },
      } as never);
    const gold = [
      await make("Ana", "fay", "gold", "DE"),
      await make("Ben", "gus", "gold", "DE"),
      await make("Cleo", "fay", "gold", "FR"),
    ];
    const silver = await make("Dan", "fay", "silver", "DE");
    const fay = t.as(tenantId, "fay", ["field_marketer"]);
    return { ...setup, gold, silver, fay };
  }

  it("evaluates a rule segment over a custom field in SQL, counts without rows and pages members under the caller's scopes", async () => {
    const { marketer, fay, gold } = await audience();
    const segment = await marketer.marketing.segments.create({
      name: "Gold",
      recordType: "contact",
      kind: "rule",
      rules: [{ field: "custom.tier", op: "eq", value: "gold" }],
    });
    expect(await marketer.marketing.segments.count(segment.id)).toBe(3);
    const first = await marketer.marketing.segments.members(segment.id, { limit: 2 });
    const second = await marketer.marketing.segments.members(segment.id, { limit: 2, cursor: first.nextCursor ?? "" });
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(gold.map((c) => c.id).sort());
    expect(second.nextCursor).toBeNull();
    // Fay reads only her own contacts, and not their email.
    expect(await fay.marketing.segments.count(segment.id)).toBe(2);
    const hers = await fay.marketing.segments.members(segment.id);
    expect(hers.items.map((c) => c.id)).toEqual(
      gold
        .filter((c) => c.ownerId === "fay")
        .map((c) => c.id)
        .sort(),
    );
    for (const contact of hers.items) expect(Object.hasOwn(contact, "email")).toBe(false);
  });

  it("keeps a static list: adds and removes members, skips repeats, writes nothing when nothing changes", async () => {
    const { tenantId, marketer, gold, silver } = await audience();
    const list = await marketer.marketing.segments.create({ name: "VIP", recordType: "contact", kind: "static" });
    const added = await marketer.marketing.segments.add(list.id, [gold[0]?.id as string, silver.id]);
    expect(added.version).toBe(2);
    expect(await marketer.marketing.segments.count(list.id)).toBe(2);
    const again = await expectNothingWritten(t.adapter, tenantId, async () => {
      const same = await marketer.marketing.segments.add(list.id, [silver.id]);
      expect(same.version).toBe(2);
      throw new Error("nothing was written");
    });
    expect((again as Error).message).toBe("nothing was written");
    await marketer.marketing.segments.remove(list.id, [silver.id]);
    expect((await marketer.marketing.segments.members(list.id)).items.map((c) => c.id)).toEqual([gold[0]?.id]);
  });

  it("refuses a rule on an unknown field, a value of the wrong kind, rules on a static list and unknown members, writing nothing", async () => {
    const { tenantId, marketer, fay } = await audience();
    const list = await marketer.marketing.segments.create({ name: "VIP", recordType: "contact", kind: "static" });
    const rule = await marketer.marketing.segments.create({
      name: "Gold",
      recordType: "contact",
      kind: "rule",
      rules: [{ field: "custom.tier", op: "eq", value: "gold" }],
    });
    const attempts = [
      () =>
        marketer.marketing.segments.create({
          name: "X",
          recordType: "contact",
          kind: "rule",
          rules: [{ field: "shoeSize", op: "eq", value: 44 }],
        }),
      () =>
        marketer.marketing.segments.create({
          name: "X",
          recordType: "lead",
          kind: "rule",
          rules: [{ field: "custom.nope", op: "eq", value: 1 }],
        }),
      () =>
        marketer.marketing.segments.create({
          name: "X",
          recordType: "account",
          kind: "rule",
          rules: [{ field: "name", op: "eq", value: 3 }],
        }),
      () =>
        marketer.marketing.segments.create({
          name: "X",
          recordType: "contact",
          kind: "static",
          rules: [{ field: "firstName", op: "eq", value: "A" }],
        }),
      () => marketer.marketing.segments.update(rule.id, { rules: [{ field: "constructor", op: "eq", value: "x" }] }),
      () => marketer.marketing.segments.add(list.id, ["con_01JZZZZZZZZZZZZZZZZZZZZZZZ"]),
      () => marketer.marketing.segments.add(rule.id, ["con_01JZZZZZZZZZZZZZZZZZZZZZZZ"]),
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
    expect(unknown.issues[0]?.path).toEqual(["rules", 0, "field"]);
    // A rule on a field the caller's roles hide is refused as a list filter on it would be.
    const hidden = await expectNothingWritten(t.adapter, tenantId, () =>
      fay.marketing.segments.create({
        name: "X",
        recordType: "contact",
        kind: "rule",
        rules: [{ field: "email", op: "contains", value: "@" }],
      }),
    );
    expect(hidden).toBeInstanceOf(ForbiddenError);
  });
});
