import { CrmError, type OperationContext, ValidationError } from "@rapport/core";
import { coreClient } from "../internal/bound-context.js";

/** Fields a document links to, checked when they change. */
export interface DocumentLinks {
  readonly accountId: string;
  readonly contactId?: string | null;
  readonly opportunityId?: string | null;
}

async function exists(op: OperationContext, type: string, id: string): Promise<boolean> {
  try {
    await op.recordRef(type, id);
    return true;
  } catch (error) {
    if (error instanceof CrmError && error.code === "NOT_FOUND") return false;
    throw error;
  }
}

/**
 * Checks a document's links in the tenant: the account exists, the contact is one of the
 * account's contacts, and the opportunity is on the account. Each refusal is a
 * `ValidationError` at the offending field. Only links that changed since `before` are read.
 */
export async function checkDocumentLinks(
  op: OperationContext,
  next: DocumentLinks,
  before: DocumentLinks | null,
): Promise<void> {
  const accountChanged = before === null || before.accountId !== next.accountId;
  if (accountChanged && !(await exists(op, "account", next.accountId))) {
    throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`);
  }
  const contactId = next.contactId ?? null;
  if (contactId !== null && (accountChanged || before?.contactId !== contactId)) {
    if (!(await exists(op, "contact", contactId))) {
      throw ValidationError.forField(["contactId"], `Contact ${contactId} does not exist`);
    }
    const contact = await coreClient(op).contacts.get(contactId);
    if (contact.accountId !== next.accountId) {
      throw ValidationError.forField(
        ["contactId"],
        `Contact ${contactId} is not a contact of account ${next.accountId}`,
      );
    }
  }
  const opportunityId = next.opportunityId ?? null;
  if (opportunityId !== null && (accountChanged || before?.opportunityId !== opportunityId)) {
    const row = await op.db
      .selectFrom("sales_opportunities")
      .select("account_id")
      .where("tenant_id", "=", op.tenantId)
      .where("id", "=", opportunityId)
      .executeTakeFirst();
    if (!row) throw ValidationError.forField(["opportunityId"], `Opportunity ${opportunityId} does not exist`);
    if (row.account_id !== next.accountId) {
      throw ValidationError.forField(
        ["opportunityId"],
        `Opportunity ${opportunityId} is not on account ${next.accountId}`,
      );
    }
  }
}
