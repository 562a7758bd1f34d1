import { expectPlainReaderAgreement } from "@rapport/core/testing";
import { describe, expect, it } from "vitest";
import { plainPreparedValues, preparedValuesSchema } from "./prepared-definition.js";

class Values {
  name = "x";
}

describe("plainPreparedValues agrees with preparedValuesSchema", () => {
  it("passes plain objects through as they are and leaves everything else to zod", () => {
    const inputs: unknown[] = [
      { name: "Quote", accountId: "acc_1", lines: [] },
      {},
      Object.create(null),
      { custom: { a: 1 }, tags: ["x"], nested: { deep: [1, 2] }, absent: undefined },
      [],
      [1, 2],
      null,
      undefined,
      "values",
      42,
      new Values(),
      new Date(0),
    ];
    expectPlainReaderAgreement(plainPreparedValues, preparedValuesSchema, inputs, 4);
    const values = { name: "Quote" };
    expect(plainPreparedValues(values)).toBe(values);
  });
});
