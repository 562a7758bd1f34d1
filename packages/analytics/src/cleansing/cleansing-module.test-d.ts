import type { Crm, CrmEvent } from "@rapport/core";
import { describe, expectTypeOf, it } from "vitest";
import type { CleansingModule } from "./cleansing-module.js";
import type { DuplicateJob } from "./jobs/duplicate-job.js";
import type { MergeResult } from "./merge/merge-apply.js";
import type { MergeEventPayload } from "./merge/merge-part.js";
import type { MergePlan } from "./merge/merge-plan.js";
import type { UndoResult } from "./merge/merge-undo.js";
import type { DuplicateDetectedPayload } from "./rules/rule-check.js";
import type { DuplicateAlert } from "./rules/rules-part.js";

describe("the cleansing module's merge, rules and jobs types", () => {
  it("types client.cleansing's merge, rules and jobs", () => {
    const client = {} as ReturnType<Crm<readonly [CleansingModule]>["as"]>;
    expectTypeOf(client.cleansing.merge.plan).returns.resolves.toEqualTypeOf<MergePlan>();
    expectTypeOf(client.cleansing.merge.apply).returns.resolves.toEqualTypeOf<MergeResult>();
    expectTypeOf(client.cleansing.merge.undo).returns.resolves.toEqualTypeOf<UndoResult>();
    expectTypeOf(client.cleansing.rules.alerts).returns.resolves.toEqualTypeOf<DuplicateAlert[]>();
    expectTypeOf(client.cleansing.jobs.start).returns.resolves.toEqualTypeOf<DuplicateJob>();
    // @ts-expect-error merges take contacts, accounts, leads and products only
    void client.cleansing.merge.plan({ entityType: "opportunity", survivorId: "opp_1", loserIds: ["opp_2"] });
  });

  it("types the merge and duplicate events for crm.on", () => {
    const crm = {} as Crm<readonly [CleansingModule]>;
    crm.on("contact.merged", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"contact.merged", MergeEventPayload>>();
    });
    crm.on("duplicate.detected", (event) => {
      expectTypeOf(event.data).toEqualTypeOf<DuplicateDetectedPayload>();
    });
  });
});
