import { describe, expectTypeOf, it } from "vitest";
import * as z from "zod";
import type { ModuleContext } from "../kernel/module-context.js";
import { defineEntity } from "./entity-definition.js";
import { createEntityService } from "./entity-service.js";
import { field } from "./fields.js";

const visitEntity = defineEntity({
  type: "visit",
  table: "visits",
  idPrefix: "vis",
  fields: { title: field.text() },
  createSchema: z.object({ title: z.string() }).strict(),
  patchSchema: z.object({ title: z.string() }).partial().strict(),
});

describe("defineEntity", () => {
  it("types custom, externalIds and tags on create and update inputs the schemas leave out", () => {
    const visits = createEntityService({} as ModuleContext, visitEntity);
    type Create = Parameters<typeof visits.create>[0];
    type Patch = Parameters<typeof visits.update>[1];
    expectTypeOf<Create>().toEqualTypeOf<{
      title: string;
      custom?: Record<string, string | number | boolean | string[] | null> | undefined;
      externalIds?: Record<string, string> | undefined;
      tags?: string[] | undefined;
    }>();
    expectTypeOf<Patch["tags"]>().toEqualTypeOf<string[] | undefined>();
    // @ts-expect-error a key neither the schema nor the record declares
    visits.create({ title: "x", labels: [] });
  });
});
