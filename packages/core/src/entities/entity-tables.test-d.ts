import { expectTypeOf, test } from "vitest";
import * as z from "zod";
import { defineEntity } from "./entity-definition.js";
import type { EntityRow, EntityTables } from "./entity-tables.js";
import { field } from "./fields.js";

const visitEntity = defineEntity({
  type: "visit",
  table: "visits",
  idPrefix: "vis",
  fields: {
    accountId: field.text(),
    plannedAt: field.timestamp(),
    done: field.boolean(),
    score: field.nullableInteger(),
    meta: field.json<{ a: number }>(),
    legacyCode: field.nullableText({ column: "code_v1" }),
  },
  createSchema: z.object({ accountId: z.string() }).strict(),
  patchSchema: z.object({}).strict(),
});

test("an entity's row type follows from its fields: snake_case columns, stored types, literal column names", () => {
  type Row = EntityRow<typeof visitEntity>;
  expectTypeOf<Row["account_id"]>().toEqualTypeOf<string>();
  expectTypeOf<Row["planned_at"]>().toEqualTypeOf<string>();
  expectTypeOf<Row["done"]>().toEqualTypeOf<number>();
  expectTypeOf<Row["score"]>().toEqualTypeOf<number | null>();
  expectTypeOf<Row["meta"]>().toEqualTypeOf<string>();
  expectTypeOf<Row["code_v1"]>().toEqualTypeOf<string | null>();
  expectTypeOf<Row["tenant_id"]>().toEqualTypeOf<string>();
  expectTypeOf<Row>().not.toHaveProperty("legacy_code");
  expectTypeOf<Row>().not.toHaveProperty("accountId");
});

test("EntityTables maps each entity's table name to its row type", () => {
  expectTypeOf<keyof EntityTables<typeof visitEntity>>().toEqualTypeOf<"visits">();
  expectTypeOf<EntityTables<typeof visitEntity>["visits"]>().toEqualTypeOf<EntityRow<typeof visitEntity>>();
});
