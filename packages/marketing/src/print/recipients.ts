import type { Account, Address, Contact, CoreClient, OperationContext } from "@rapport/core";
import { ForbiddenError, ValidationError } from "@rapport/core";
import type { ContentErrorReason } from "../content/content-errors.js";
import { decideConsent } from "../outreach/consent/consent-service.js";
import type { PrintPurpose } from "./print-schema.js";

/** Ids per list call: the list API's page limit. */
const PAGE = 500;

/** A contact to print for, with the account and the address the mail goes to. */
export interface Recipient {
  readonly contact: Partial<Contact> & { readonly id: string };
  readonly account: (Partial<Account> & { readonly id: string }) | null;
  /** The contact's mailing address, else their account's billing address. */
  readonly address: Address;
}

async function byIds<T extends { id: string }>(
  ids: readonly string[],
  list: (ids: string[]) => Promise<{ items: readonly T[] }>,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += PAGE) {
    for (const item of (await list(unique.slice(i, i + PAGE))).items) found.set(item.id, item);
  }
  return found;
}

/** Why a recipient cannot be printed for: `details.unprintable[].why` of the `ValidationError`. */
export type UnprintableWhy = "unknown_contact" | "no_address" | "no_consent";

/**
 * The contacts `ids` name, read through core's client with the actor's scopes and field
 * security, each with their account and a postal address. A contact the actor cannot see,
 * one without an address they may see, or — for marketing mail — one whose consent to
 * marketing by post is not granted (the outreach area's rule, `consents.check`) is a
 * `ValidationError` at `["recipients", i]`, raised before anything is rendered.
 */
export async function loadRecipients(
  op: OperationContext,
  ids: readonly string[],
  purpose: PrintPurpose,
): Promise<Recipient[]> {
  const core = op.client() as CoreClient;
  const contacts = await byIds(ids, (chunk) =>
    core.contacts.list({ filter: [{ field: "id", op: "in", value: chunk }], limit: PAGE }),
  );
  const accountIds = [...contacts.values()].flatMap((c) => (c.accountId ? [c.accountId] : []));
  // An account the actor may not read leaves the company line (and its address) out, no more.
  const accounts =
    accountIds.length === 0
      ? new Map<string, Account>()
      : await byIds(accountIds, (chunk) =>
          core.accounts.list({ filter: [{ field: "id", op: "in", value: chunk }], limit: PAGE }),
        ).catch((error: unknown) => {
          if (error instanceof ForbiddenError) return new Map<string, Account>();
          throw error;
        });
  const problems: { index: number; contactId: string; why: UnprintableWhy; message: string }[] = [];
  const recipients: Recipient[] = [];
  for (const [i, id] of ids.entries()) {
    const contact = contacts.get(id) as (Partial<Contact> & { id: string }) | undefined;
    if (!contact) {
      problems.push({ index: i, contactId: id, why: "unknown_contact", message: `Unknown contact ${id}` });
      continue;
    }
    const account =
      (contact.accountId && (accounts.get(contact.accountId) as Partial<Account> & { id: string })) || null;
    const address = contact.mailingAddress ?? account?.billingAddress ?? null;
    if (!address) {
      problems.push({
        index: i,
        contactId: id,
        why: "no_address",
        message: `Contact ${id} has no postal address (nor has their account)`,
      });
      continue;
    }
    if (purpose === "marketing") {
      const decision = await decideConsent(op, { type: "contact", id }, "post");
      if (!decision.allowed) {
        problems.push({
          index: i,
          contactId: id,
          why: "no_consent",
          message: `Contact ${id} may not be sent marketing by post (${decision.reason})`,
        });
        continue;
      }
    }
    recipients.push({ contact, account, address });
  }
  if (problems.length > 0)
    throw new ValidationError(
      problems.map((p) => ({
        code: "custom" as const,
        path: ["recipients", p.index],
        message: p.message,
        input: undefined,
      })),
      undefined,
      {
        details: {
          reason: "recipients_not_printable" satisfies ContentErrorReason,
          unprintable: problems.map(({ index, contactId, why }) => ({ index, contactId, why })),
        },
      },
    );
  return recipients;
}

/** How a recipient is addressed: first and last name, or whatever part of it the actor may see. */
export function personName(contact: Recipient["contact"], language: string): string {
  const first = contact.firstName ?? "";
  const last = contact.lastName ?? "";
  // Chinese, Japanese and Korean names are written family name first, without a space.
  if (/^(zh|ja|ko)\b/.test(language) || /[\u3400-\u9fff]/.test(`${last}${first}`)) return `${last}${first}`.trim();
  return `${first} ${last}`.trim();
}
