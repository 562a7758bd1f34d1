import type { OperationContext } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";

/** A contact as a document's link check reads it: whose it is and which account it works at. */
export interface LinkedContact {
  readonly id: string;
  readonly accountId: string | null;
  readonly ownerId: string | null;
  readonly createdBy: string;
}

/** An account that exists, with the contact asked for when it exists (`null` when it does not). */
export interface AccountLink {
  readonly contact: LinkedContact | null;
}

interface AccountLinkRow {
  contact_id: string | null;
  contact_account_id: string | null;
  contact_owner_id: string | null;
  contact_created_by: string | null;
}

/**
 * Reads an account and one contact in one statement (the account left joined to the
 * contact), as a link check of a new document needs them. `null` when the account does not
 * exist in the tenant. The SQL is compiled once.
 */
export async function readAccountLink(
  op: OperationContext,
  accountId: string,
  contactId: string,
): Promise<AccountLink | null> {
  const { rows } = await runCompiled<AccountLinkRow>(
    op,
    "sales:account-contact-link",
    [contactId, op.tenantId, accountId],
    () =>
      op.db
        .selectFrom("accounts as a")
        .leftJoin("contacts as c", (j) => j.onRef("c.tenant_id", "=", "a.tenant_id").on("c.id", "=", contactId))
        .select([
          "c.id as contact_id",
          "c.account_id as contact_account_id",
          "c.owner_id as contact_owner_id",
          "c.created_by as contact_created_by",
        ])
        .where("a.tenant_id", "=", op.tenantId)
        .where("a.id", "=", accountId),
  );
  const [row] = rows;
  if (!row) return null;
  if (row.contact_id === null) return { contact: null };
  return {
    contact: {
      id: row.contact_id,
      accountId: row.contact_account_id,
      ownerId: row.contact_owner_id,
      createdBy: row.contact_created_by as string,
    },
  };
}
