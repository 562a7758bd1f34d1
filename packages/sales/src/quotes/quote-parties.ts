import type { OperationContext } from "@rapport/core";
import { firstHiddenField } from "../documents/hidden-money.js";
import type { QuoteParties } from "./quote-document.js";
import type { Quote } from "./quote-view.js";

/**
 * The names a printed quote is addressed to. The document names the customer even for a
 * rep who may not open the account record, but not a name the reader's roles hide: not
 * the account's when `quote.accountId` or `account.name` is hidden, not the contact's when
 * `quote.contactId` or one of the contact's name fields is.
 */
export async function quoteParties(op: OperationContext, quote: Quote): Promise<QuoteParties> {
  const core = op.asSystem().client();
  const accountId = Object.hasOwn(quote, "accountId") ? quote.accountId : null;
  const contactId = Object.hasOwn(quote, "contactId") ? quote.contactId : null;
  const accountShown = accountId !== null && (await firstHiddenField(op, "account", ["name"])) === undefined;
  const contactShown =
    contactId !== null && (await firstHiddenField(op, "contact", ["firstName", "lastName"])) === undefined;
  const account = accountShown ? await core.accounts.get(accountId) : null;
  const contact = contactShown ? await core.contacts.get(contactId) : null;
  return {
    accountName: account === null ? null : account.name,
    contactName: contact === null ? null : [contact.firstName, contact.lastName].filter(Boolean).join(" "),
  };
}
