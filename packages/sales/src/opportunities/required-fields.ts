import type { OperationContext } from "@rapport/core";
import { salesDb } from "../database.js";
import type { Stage } from "../pipelines/stage-schema.js";

/** The fields a stage requires that the opportunity lacks (`competitors`: none recorded). */
export async function missingForStage(
  op: OperationContext,
  opportunity: { readonly id: string },
  stage: Stage,
): Promise<string[]> {
  const values = opportunity as Readonly<Record<string, unknown>>;
  const missing: string[] = [];
  for (const field of stage.requiredFields) {
    if (field === "competitors") {
      const row = await salesDb(op)
        .selectFrom("sales_opportunity_competitors")
        .select("account_id")
        .where("tenant_id", "=", op.tenantId)
        .where("opportunity_id", "=", opportunity.id)
        .executeTakeFirst();
      if (!row) missing.push(field);
    } else if (values[field] === null || values[field] === undefined) {
      missing.push(field);
    }
  }
  return missing;
}
