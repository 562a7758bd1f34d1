import { CrmError, type OperationContext, ValidationError } from "@rapport/core";
import { type LinkedContact, readAccountLink } from "./account-contact-link.js";

/** Fields a document links to, checked when they change. */
export interface DocumentLinks {
  readonly accountId: string;
  readonly contactId?: string | null;
  readonly opportunityId?: string | null;
}

function isNotFound(error: unknown): boolean {
  return error instanceof CrmError && error.code === "NOT_FOUND";
}

async function exists(op: OperationContext, type: string, id: string): Promise<boolean> {
  try {
    await op.recordRef(type, id);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * The account of the contact, as `contacts.get` would show it to the actor: a missing
 * contact is a `ValidationError` at `contactId`, one the actor may not read `ForbiddenError`.
 * `known` is the contact already read with the account (`null`: it does not exist); field
 * rules on contacts can hide its account, so an actor under them reads through the service.
 */
async function accountOfContact(
  op: OperationContext,
  contactId: string,
  known: LinkedContact | null | undefined,
): Promise<string | null | undefined> {
  const missing = () => ValidationError.forField(["contactId"], `Contact ${contactId} does not exist`);
  if (known !== undefined && !(await op.policy()).hasFieldRules(op.actor, "contact")) {
    if (known === null) throw missing();
    await op.authorize("contact:read", { ownerId: known.ownerId, createdBy: known.createdBy, id: known.id });
    return known.accountId;
  }
  const contact = await op
    .client()
    .contacts.get(contactId)
    .catch((error: unknown) => {
      throw isNotFound(error) ? missing() : error;
    });
  return contact.accountId;
}

/**
 * Checks a document's links in the tenant: the account exists, the contact is one of the
 * account's contacts, and the opportunity is on the account. Each refusal is a
 * `ValidationError` at the offending field. Only links that changed since `before` are read;
 * a new account and contact are read together.
 */
export async function checkDocumentLinks(
  op: OperationContext,
  next: DocumentLinks,
  before: DocumentLinks | null,
): Promise<void> {
  const accountChanged = before === null || before.accountId !== next.accountId;
  const contactId = next.contactId ?? null;
  const contactChanged = contactId !== null && (accountChanged || before?.contactId !== contactId);
  // `undefined` until the contact is read with the account.
  let knownContact: LinkedContact | null | undefined;
  if (accountChanged && contactChanged) {
    const link = await readAccountLink(op, next.accountId, contactId);
    if (link === null) throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`);
    knownContact = link.contact;
  } else if (accountChanged && !(await exists(op, "account", next.accountId))) {
    throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`);
  }
  if (contactChanged) {
    if ((await accountOfContact(op, contactId, knownContact)) !== next.accountId) {
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
