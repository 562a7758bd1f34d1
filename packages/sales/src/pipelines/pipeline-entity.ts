import { defineEntity, type EntityRecord, field } from "@rapport/core";
import { createPipelineSchema, updatePipelineSchema } from "./pipeline-schema.js";
import type { Stage } from "./stage-schema.js";

const pipelineFields = {
  name: field.text(),
  description: field.nullableText({ filterable: false, sortable: false }),
  isDefault: field.boolean(),
};

/** Pipelines: the ordered stages opportunities move through. */
export const pipelineEntity = defineEntity({
  type: "pipeline",
  table: "sales_pipelines",
  idPrefix: "pipe",
  fields: pipelineFields,
  createSchema: createPipelineSchema,
  patchSchema: updatePipelineSchema,
});

/** A pipeline's own fields, without its stages. */
export type PipelineRecord = EntityRecord<typeof pipelineFields>;

/** A pipeline with its stages in order (active stages first, then retired ones). */
export type Pipeline = PipelineRecord & { readonly stages: readonly Stage[] };
