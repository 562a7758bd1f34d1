import { expectEntityTablesMatch, useTestCrm } from "@rapport/core/testing";
import { sales } from "@rapport/sales";
import { describeEachAdapter } from "@rapport/testkit";
import { it } from "vitest";
import { service } from "./service-module.js";

describeEachAdapter("service entity declarations and tables", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [sales(), service()] });

  it("every service entity agrees with its migrated table", async () => {
    await expectEntityTablesMatch(t.adapter, [service()]);
  });
});
