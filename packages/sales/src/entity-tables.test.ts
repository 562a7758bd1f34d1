import { expectEntityTablesMatch, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { it } from "vitest";
import { sales } from "./sales-module.js";

describeEachAdapter("sales entity declarations and tables", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales()] });

  it("every sales entity agrees with its migrated table", async () => {
    await expectEntityTablesMatch(t.adapter, [sales()]);
  });
});
