import { describe, expect, it } from "vitest";
import * as z from "zod";
import { strictObject, text, UNSURE } from "../schemas/plain-input.js";
import { expectPlainReaderAgreement, MISSING, mutatedInputs } from "../testing/plain-reader-check.js";
import { defineEntity } from "./entity-definition.js";
import { field } from "./fields.js";
import { withPlainRecordExtensions, withRecordExtensions } from "./record-input.js";

const visitSchema = z
  .object({ title: z.string().trim().min(1).max(50), notes: z.string().max(20).nullable().optional() })
  .strict()
  .refine((visit) => visit.title !== visit.notes, { path: ["notes"], message: "Notes repeat the title" });
const plainVisit = strictObject(
  {
    title: { read: text({ trim: true, min: 1, max: 50 }), required: true },
    notes: { read: text({ max: 20 }), nullable: true },
  },
  (visit) => visit.title !== visit.notes,
);

const visitEntity = defineEntity({
  type: "visit",
  table: "visits",
  idPrefix: "vis",
  fields: { title: field.text(), notes: field.nullableText() },
  createSchema: visitSchema,
  plainCreate: plainVisit,
  patchSchema: z
    .object({ title: z.string().min(1) })
    .partial()
    .strict(),
});

describe("withRecordExtensions", () => {
  it("adds optional custom, externalIds and tags after the object's keys, keeping strictness and refinements", () => {
    const schema = withRecordExtensions(visitSchema);
    expect(Object.keys(schema.shape)).toEqual(["title", "notes", "custom", "externalIds", "tags"]);
    expect(schema.parse({ title: "Site", tags: ["B", "a"], externalIds: { erp: "V-1" } })).toEqual({
      title: "Site",
      externalIds: { erp: "V-1" },
      tags: ["a", "b"],
    });
    expect(schema.safeParse({ title: "Site", other: 1 }).success).toBe(false);
    expect(schema.safeParse({ title: "Same", notes: "Same" }).success).toBe(false);
    expect(schema.safeParse({ title: "Site", tags: "vip" }).success).toBe(false);
  });

  it("keeps keys a schema declares itself and applies once however often it runs", () => {
    const own = z.object({ tags: z.array(z.string()).max(1) }).strict();
    const schema = withRecordExtensions(withRecordExtensions(own));
    expect(Object.keys(schema.shape)).toEqual(["tags", "custom", "externalIds"]);
    expect(schema.safeParse({ tags: ["a", "b"] }).success).toBe(false);
    expect(withRecordExtensions(schema)).toBe(schema);
  });

  it("gives a transformed object the keys on its input, so the transform receives them", () => {
    const schema = withRecordExtensions(
      z
        .object({ name: z.string() })
        .strict()
        .transform((v) => ({ ...v, kind: "x" })),
    );
    expect(schema.parse({ name: "n", tags: ["T"] })).toEqual({ name: "n", tags: ["t"], kind: "x" });
    expect(schema.safeParse({ name: "n", other: 1 }).success).toBe(false);
  });

  it("leaves a schema that is not an object as it is", () => {
    const record = z.record(z.string(), z.unknown());
    expect(withRecordExtensions(record)).toBe(record);
  });
});

describe("withPlainRecordExtensions", () => {
  it("reads what the extended schema parses, key for key, and leaves the rest to zod", () => {
    const bases = [{ title: "Site visit" }, { title: "Audit", notes: "bring badge", tags: ["x"] }];
    const pools = {
      title: ["  Padded  ", "", 7, MISSING],
      notes: [null, undefined, "Site visit", "x".repeat(21), MISSING],
      custom: [{ floor: 3 }, { "bad key": 1 }, { list: ["a", "b"] }, null, undefined, MISSING],
      externalIds: [{ erp: " V-1 " }, { ERP: "x" }, { erp: "" }, "erp", MISSING],
      tags: [["VIP", "vip ", "east"], ["a,b"], [], "vip", null, undefined, MISSING],
    };
    expectPlainReaderAgreement(
      visitEntity.plainCreate!,
      visitEntity.createSchema,
      mutatedInputs(bases, pools, 2_000, 16),
      100,
    );
  });

  it("leaves an input with an added key to zod when the schema transforms its object", () => {
    const schema = z
      .object({ name: z.string() })
      .strict()
      .transform((v) => ({ ...v, kind: "x" }));
    const reader = withPlainRecordExtensions(schema, (value) => ({ ...(value as object), kind: "x" }));
    expect(reader({ name: "n", tags: ["a"] })).toBe(UNSURE);
    expect(reader({ name: "n" })).toEqual({ name: "n", kind: "x" });
  });
});
