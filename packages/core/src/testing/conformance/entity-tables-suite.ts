import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import * as z from "zod";
import { coreModule } from "../../crm/core-module.js";
import { createCrm } from "../../crm/create-crm.js";
import { defineEntity } from "../../entities/entity-definition.js";
import { field } from "../../entities/fields.js";
import { defineModule } from "../../kernel/define-module.js";
import { CrmError } from "../../kernel/errors.js";
import { withRecordColumns } from "../../storage/record-table.js";
import { expectEntityTablesMatch } from "../entity-tables.js";
import type { ConformanceOptions } from "./harness.js";
import { probeModule } from "./probe-module.js";

const gadgetEntity = defineEntity({
  type: "gadget",
  table: "gadgets",
  idPrefix: "gad",
  fields: { name: field.text(), serial: field.text(), colour: field.nullableText() },
  // `serial` is required, but the create schema does not take it and it has no default.
  createSchema: z.object({ name: z.string() }).strict(),
  patchSchema: z.object({}).strict(),
});

/** A plugin whose migration forgets a declared column and adds a required one no field declares. */
const badPlugin = () =>
  defineModule({
    name: "gadgets",
    entities: [gadgetEntity],
    migrations: [
      {
        name: "001_gadgets",
        async up(db: Kysely<any>) {
          await withRecordColumns(db.schema.createTable("gadgets"), "gadgets")
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("serial", "text", (c) => c.notNull())
            .addColumn("weight", "integer", (c) => c.notNull())
            .execute();
        },
      },
    ],
  });

/** Entity declarations against migrated tables (`expectEntityTablesMatch`). */
export function entityTableTests(options: ConformanceOptions): void {
  it("the core's and the probe plugin's entities agree with their tables", async () => {
    const adapter = await options.createAdapter();
    const crm = await createCrm({ adapter, modules: [probeModule()] });
    try {
      await expectEntityTablesMatch(adapter, [coreModule, probeModule()]);
    } finally {
      await crm.close();
      await options.dispose?.(adapter);
    }
  });

  it("createCrm refuses a module whose migration and entity disagree, naming the module, the entity and the column", async () => {
    const adapter = await options.createAdapter();
    try {
      const error = await createCrm({ adapter, modules: [badPlugin()] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrmError);
      expect((error as CrmError).code).toBe("ENTITY_TABLE_MISMATCH");
      expect((error as CrmError).message).toContain(
        'module "gadgets", entity "gadget" (gadgets): field "colour" has no column',
      );
    } finally {
      await options.dispose?.(adapter);
    }
  });

  it("names the module, the entity and each disagreement: a missing column, an undeclared required column, an unfilled field", async () => {
    const adapter = await options.createAdapter();
    const crm = await createCrm({ adapter, modules: [badPlugin()], checkTables: false });
    try {
      const error = await expectEntityTablesMatch(adapter, [badPlugin()]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CrmError);
      expect((error as CrmError).code).toBe("ENTITY_TABLE_MISMATCH");
      const message = (error as CrmError).message;
      expect(message).toContain('module "gadgets", entity "gadget" (gadgets): field "colour" has no column "colour"');
      expect(message).toContain('column "weight" is NOT NULL without a default, but no field declares it');
      expect(message).toContain('field "serial" (column "serial", NOT NULL) is not in the create schema');
      expect((error as CrmError).details.problems).toHaveLength(3);
    } finally {
      await crm.close();
      await options.dispose?.(adapter);
    }
  });
}
