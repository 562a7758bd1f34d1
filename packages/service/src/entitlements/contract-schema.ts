import { idSchema, longTextSchema, nameSchema, textSchema, withRecordExtensions } from "@rapport/core";
import * as z from "zod";
import { localDateSchema } from "../shared/time-schemas.js";

const contractFields = {
  accountId: idSchema("acc"),
  name: nameSchema,
  /** The support tier (`gold`, `silver`): routing rules match on it as the account's tier. */
  tier: textSchema().trim().min(1).max(50).nullable(),
  /** First covered day, `YYYY-MM-DD`. */
  startDate: localDateSchema,
  /** Last covered day, inclusive. MUST NOT be before `startDate`. */
  endDate: localDateSchema,
  description: longTextSchema.nullable(),
};

function checkDates(
  value: { startDate?: string | undefined; endDate?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.startDate && value.endDate && value.endDate < value.startDate) {
    ctx.addIssue({ code: "custom", path: ["endDate"], message: "endDate must not be before startDate" });
  }
}

/** Input of `service.contracts.create`: a service contract of an account for a period. */
export const createContractSchema = withRecordExtensions(
  z
    .object({
      ...contractFields,
      tier: contractFields.tier.optional(),
      description: contractFields.description.optional(),
    })
    .strict()
    .superRefine(checkDates),
);
export type CreateContractInput = z.input<typeof createContractSchema>;

/** Input of `service.contracts.update`. The account of a contract does not change. */
export const updateContractSchema = z
  .object(contractFields)
  .omit({ accountId: true })
  .partial()
  .strict()
  .superRefine(checkDates);
export type UpdateContractInput = z.input<typeof updateContractSchema>;
