import type { OperationContext } from "@rapport/core";
import type { ExpressionBuilder } from "kysely";
import type { SalesDatabase } from "../database.js";

/** Whose deals count: one user's, or the current members' of a team. */
export type Subject =
  | { readonly userId: string; readonly teamId?: undefined }
  | { readonly teamId: string; readonly userId?: undefined };

/** The tables of a query over `sales_opportunities as o`. */
export type OpportunityScope = SalesDatabase & { o: SalesDatabase["sales_opportunities"] };

/**
 * A condition on `o.owner_id`: the subject's user, or any current member of its team (the
 * kernel's `rapport_team_members`), in SQL.
 */
export function ownedBy(op: OperationContext, subject: Subject) {
  return (eb: ExpressionBuilder<OpportunityScope, "o">) => {
    if (subject.userId !== undefined) return eb("o.owner_id", "=", subject.userId);
    return eb(
      "o.owner_id",
      "in",
      eb
        .selectFrom("rapport_team_members as tm")
        .select("tm.user_id")
        .where("tm.tenant_id", "=", op.tenantId)
        .where("tm.team_id", "=", subject.teamId),
    );
  };
}
