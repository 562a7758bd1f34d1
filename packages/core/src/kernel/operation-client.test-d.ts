import { expectTypeOf, test } from "vitest";
import type { OperationContext } from "../index.js";

test("op.client() is the core client: the shared records type it without the kernel importing them", () => {
  expectTypeOf<ReturnType<OperationContext["client"]>["accounts"]["get"]>().toBeFunction();
  expectTypeOf<ReturnType<OperationContext["client"]>["tenantId"]>().toEqualTypeOf<string>();
});
