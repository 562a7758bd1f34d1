import { createEntityService, type EntityService } from "../entities/entity-service.js";
import type { ModuleContext } from "../kernel/module-context.js";
import { type CustomField, customFieldEntity } from "./custom-field-entity.js";
import type { DefineCustomFieldInput, UpdateCustomFieldInput } from "./custom-field-schema.js";

/**
 * Tenant-defined fields per entity type. Values live in each record's `custom` and are
 * validated against these definitions on every write; filter and sort them in `list` as
 * `custom.<key>`. Key, kind and entity type are fixed once defined.
 */
export interface CustomFieldService extends EntityService<CustomField, DefineCustomFieldInput, UpdateCustomFieldInput> {
  /** Defines a field (the same as `create`). Throws `DuplicateError` when the key exists for that entity type. */
  define(input: DefineCustomFieldInput): Promise<CustomField>;
}

export function createCustomFieldService(ctx: ModuleContext): CustomFieldService {
  const service = createEntityService(ctx, customFieldEntity);
  return { ...service, define: service.create };
}
