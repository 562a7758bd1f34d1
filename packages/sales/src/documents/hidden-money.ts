import { ForbiddenError, type OperationContext } from "@rapport/core";

/** A document's totals. Its lines add up to them, so a line's amounts show what a hidden total hides. */
export const DOCUMENT_TOTALS = ["subtotal", "discountTotal", "netTotal", "taxTotal", "grandTotal"] as const;

/** The money of a priced line; quantity, percentages and the product are not money and stay. */
const LINE_MONEY = [
  "listPrice",
  "unitPrice",
  "grossAmount",
  "discountAmount",
  "netAmount",
  "taxAmount",
  "totalAmount",
] as const;

/** The first of `fields` of `entityType` the actor's roles hide, or `undefined` when they see them all. */
export async function firstHiddenField(
  op: OperationContext,
  entityType: string,
  fields: readonly string[],
): Promise<string | undefined> {
  const policy = await op.policy();
  if (!policy.hasFieldRules(op.actor, entityType)) return undefined;
  return fields.find((field) => policy.fieldAccess(op.actor, entityType, field) === "hidden");
}

/**
 * A record's lines as the actor may see them: when their roles hide one of `totals` (by
 * default a document's totals; an opportunity's `amount`), every line leaves out its
 * amounts (listed in `LINE_MONEY`).
 */
export async function shownLines<L extends object>(
  op: OperationContext,
  entityType: "quote" | "order" | "opportunity",
  lines: readonly L[],
  totals: readonly string[] = DOCUMENT_TOTALS,
): Promise<L[]> {
  if ((await firstHiddenField(op, entityType, totals)) === undefined) return [...lines];
  return lines.map((line) => {
    const copy = { ...line } as Record<string, unknown>;
    for (const key of LINE_MONEY) delete copy[key];
    return copy as L;
  });
}

/**
 * Throws `ForbiddenError` (details: `field`, `entityType`) when the actor's roles hide one
 * of `fields`: for a read that is nothing without them, such as a priced document.
 */
export async function requireVisible(
  op: OperationContext,
  entityType: string,
  fields: readonly string[],
  what: string,
): Promise<void> {
  const hidden = await firstHiddenField(op, entityType, fields);
  if (hidden !== undefined) {
    throw new ForbiddenError(`${op.actor.userId} may not see ${entityType}.${hidden}, which ${what} shows`, {
      details: { field: hidden, entityType },
    });
  }
}
