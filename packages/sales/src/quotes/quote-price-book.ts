import { CrmError, type OperationContext, ValidationError } from "@rapport/core";

/**
 * A quote's own price book must be one of the tenant's: lines priced later (`addLine`) read
 * it, and a quote without lines would otherwise keep another tenant's id, or none at all.
 * Checked only when it changes; a missing book is a `ValidationError` at `priceBookId`.
 */
export async function checkQuotePriceBook(
  op: OperationContext,
  next: { readonly priceBookId: string | null },
  before: { readonly priceBookId: string | null } | null,
): Promise<void> {
  const id = next.priceBookId;
  if (id === null || id === before?.priceBookId) return;
  try {
    await op.recordRef("price_book", id);
  } catch (error) {
    if (error instanceof CrmError && error.code === "NOT_FOUND") {
      throw ValidationError.forField(["priceBookId"], `Price book ${id} does not exist`, { priceBookId: id });
    }
    throw error;
  }
}
