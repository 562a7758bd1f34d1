import { longTextSchema, nameSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { stageInputSchema } from "./stage-schema.js";

const pipelineFields = {
  name: nameSchema,
  description: longTextSchema.max(10_000).nullable(),
};

/**
 * Input of `pipelines.create`. `stages` are in order; a pipeline needs at least one open
 * stage, exactly one won stage and exactly one lost stage, with unique keys.
 */
export const createPipelineSchema = withRecordExtensions(
  z
    .object({
      ...pipelineFields,
      description: pipelineFields.description.optional(),
      stages: z.array(stageInputSchema).min(3).max(50),
    })
    .strict()
    .superRefine((value, ctx) => {
      const keys = new Set<string>();
      value.stages.forEach((stage, index) => {
        if (keys.has(stage.key))
          ctx.addIssue({
            code: "custom",
            path: ["stages", index, "key"],
            message: `Duplicate stage key "${stage.key}"`,
          });
        keys.add(stage.key);
      });
      const count = (kind: string) => value.stages.filter((s) => s.kind === kind).length;
      if (count("open") === 0)
        ctx.addIssue({ code: "custom", path: ["stages"], message: "A pipeline needs at least one open stage" });
      if (count("won") !== 1)
        ctx.addIssue({ code: "custom", path: ["stages"], message: "A pipeline needs exactly one won stage" });
      if (count("lost") !== 1)
        ctx.addIssue({ code: "custom", path: ["stages"], message: "A pipeline needs exactly one lost stage" });
    }),
);
export type CreatePipelineInput = z.input<typeof createPipelineSchema>;

/** Input of `pipelines.update`: name and description. Stages change through the stage verbs. */
export const updatePipelineSchema = withRecordExtensions(z.object(pipelineFields).partial().strict());
export type UpdatePipelineInput = z.input<typeof updatePipelineSchema>;
