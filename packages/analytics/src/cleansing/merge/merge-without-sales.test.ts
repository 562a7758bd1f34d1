import { ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { cleansing } from "../cleansing-module.js";

describeEachAdapter("cleansing merge without the sales module", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [cleansing()] });

  it("refuses to merge leads, which only the sales module has, and writes nothing", async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    // Well-formed lead ids, made from a contact's.
    const { id } = await admin.contacts.create({ lastName: "Lee" });
    const leadId = (last: string) => `lead_${id.slice(4, -1)}${last}`;
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.cleansing.merge.plan({ entityType: "lead", survivorId: leadId("A"), loserIds: [leadId("B")] }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(["entityType"]);
  });

  it("merges contacts with core's records alone, and undo restores them", async () => {
    const tenantId = await t.tenant();
    const admin = t.as(tenantId, "ada", ["admin"]);
    const a = await admin.contacts.create({ firstName: "Jo", lastName: "Park" });
    const b = await admin.contacts.create({ firstName: "Jo", lastName: "Park", title: "CFO" });
    const note = await admin.activities.create({
      kind: "note",
      subject: "Met",
      relatedTo: { type: "contact", id: b.id },
    });
    const merged = await admin.cleansing.merge.apply(
      await admin.cleansing.merge.plan({ entityType: "contact", survivorId: a.id, loserIds: [b.id] }),
    );
    expect((await admin.activities.get(note.id)).relatedTo.id).toBe(a.id);
    expect((await admin.contacts.get(a.id)).title).toBe("CFO");
    await admin.cleansing.merge.undo(merged.mergeId);
    expect((await admin.activities.get(note.id)).relatedTo.id).toBe(b.id);
    expect(await admin.contacts.get(a.id)).toMatchObject({ title: null });
    expect((await admin.contacts.get(b.id)).archivedAt).toBeNull();
  });
});
