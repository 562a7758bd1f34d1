import { DuplicateError, InvalidTransitionError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { marketing } from "../../marketing-module.js";

describeEachAdapter("marketing member statuses", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [marketing()] });

  it("keeps at least one status that counts as a response, and each key once", async () => {
    const tenantId = await t.tenant();
    const mia = t.as(tenantId, "mia", ["marketer"]);
    const statuses = mia.marketing.campaigns.memberStatuses;
    const byKey = async () =>
      Object.fromEntries((await statuses.list({ limit: 50 })).items.map((status) => [status.key, status]));
    const seeded = await byKey();
    const custom = await statuses.create({ key: "webinar_noshow", label: "No-show", position: 65 });
    expect(custom).toMatchObject({ responded: false, position: 65 });

    // Unmark two of the three responded statuses and archive one: the last one stays.
    await statuses.update(seeded.responded?.id as string, { responded: false });
    await statuses.archive(seeded.registered?.id as string);
    const last = seeded.attended?.id as string;
    const unmark = await expectNothingWritten(t.adapter, tenantId, () => statuses.update(last, { responded: false }));
    expect(unmark).toBeInstanceOf(ValidationError);
    const archive = await expectNothingWritten(t.adapter, tenantId, () => statuses.archive(last));
    expect(archive).toBeInstanceOf(InvalidTransitionError);
    const twice = await expectNothingWritten(t.adapter, tenantId, () =>
      statuses.create({ key: "sent", label: "Again" }),
    );
    expect(twice).toBeInstanceOf(DuplicateError);
    const badKey = await expectNothingWritten(t.adapter, tenantId, () =>
      statuses.create({ key: "Sent Twice", label: "X" }),
    );
    expect(badKey).toBeInstanceOf(ValidationError);
  });
});
