import { type OperationContext, ValidationError } from "@rapport/core";
import { suppressedAmong } from "../consent/suppression-store.js";
import { outreachDb } from "../outreach-tables.js";
import type { ContactMergeField } from "../templates/template-engine.js";

/** What a send reads of a contact, as the sender may see it (hidden fields absent). */
export interface AudienceContact {
  readonly id: string;
  readonly merge: Readonly<Partial<Record<ContactMergeField, string | null>>>;
  readonly address: string | null;
  readonly doNotEmail: boolean;
}

/** Why a recipient is left out of a send. */
export type ExclusionReason = "no_consent" | "pending" | "withdrawn" | "suppressed" | "do_not_contact" | "no_address";

interface ContactRow {
  readonly id: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly fullName?: string;
  readonly title?: string | null;
  readonly primaryEmail?: string | null;
  readonly language?: string | null;
  readonly doNotEmail?: boolean;
}

interface ContactLister {
  list(options: {
    filter: { field: string; op: "in"; value: string[] }[];
    limit: number;
  }): Promise<{ items: ContactRow[] }>;
}

const CHUNK = 500;

async function listByIds(contacts: ContactLister, ids: readonly string[]): Promise<Map<string, ContactRow>> {
  const found = new Map<string, ContactRow>();
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const page = await contacts.list({ filter: [{ field: "id", op: "in", value: [...chunk] }], limit: CHUNK });
    for (const contact of page.items) found.set(contact.id, contact);
  }
  return found;
}

/**
 * The audience's contacts: read through the sender's own client, so a contact outside
 * their scopes (or archived) is a `ValidationError` at its index and hidden fields stay
 * out of the merge values; the address and do-not-email flag are read as the system, since
 * where a message goes is not shown to the sender.
 */
export async function readAudience(
  op: OperationContext,
  contactIds: readonly string[],
  at: readonly PropertyKey[],
): Promise<AudienceContact[]> {
  const own = op.client() as unknown as { contacts: ContactLister };
  const system = op.asSystem().client() as unknown as { contacts: ContactLister };
  const visible = await listByIds(own.contacts, contactIds);
  const issues = contactIds
    .map((id, index) => (visible.has(id) ? null : { index, id }))
    .filter((missing) => missing !== null);
  if (issues.length > 0) {
    throw new ValidationError(
      issues.slice(0, 100).map(({ index, id }) => ({
        code: "custom",
        path: [...at, index],
        message: `Unknown contact ${id}`,
      })),
    );
  }
  const whole = await listByIds(system.contacts, contactIds);
  return contactIds.map((id) => {
    const shown = visible.get(id) as ContactRow;
    const stored = whole.get(id) as ContactRow;
    const merge: Partial<Record<ContactMergeField, string | null>> = {};
    if (Object.hasOwn(shown, "firstName")) merge.firstName = shown.firstName ?? null;
    if (Object.hasOwn(shown, "lastName")) merge.lastName = shown.lastName ?? null;
    if (Object.hasOwn(shown, "fullName")) merge.fullName = shown.fullName ?? null;
    if (Object.hasOwn(shown, "title")) merge.title = shown.title ?? null;
    if (Object.hasOwn(shown, "primaryEmail")) merge.email = shown.primaryEmail ?? null;
    if (Object.hasOwn(shown, "language")) merge.language = shown.language ?? null;
    return { id, merge, address: stored.primaryEmail ?? null, doNotEmail: stored.doNotEmail === true };
  });
}

/**
 * Why each contact may not be emailed, or nothing when it may: the rule of
 * `consents.check` (consent granted, not do-not-email, address not suppressed) in one
 * query per 500 contacts, plus a contact with no address.
 */
export async function emailExclusions(
  op: OperationContext,
  contacts: readonly AudienceContact[],
): Promise<Map<string, ExclusionReason>> {
  const statuses = new Map<string, string>();
  for (let start = 0; start < contacts.length; start += CHUNK) {
    const rows = await outreachDb(op)
      .selectFrom("marketing_consents")
      .select(["subject_id", "status"])
      .where("tenant_id", "=", op.tenantId)
      .where("subject_type", "=", "contact")
      .where("channel", "=", "email")
      .where(
        "subject_id",
        "in",
        contacts.slice(start, start + CHUNK).map((c) => c.id),
      )
      .execute();
    for (const row of rows) statuses.set(row.subject_id, row.status);
  }
  const addresses = contacts.flatMap((c) => (c.address === null ? [] : [c.address]));
  const suppressed = await suppressedAmong(op, addresses);
  const excluded = new Map<string, ExclusionReason>();
  for (const contact of contacts) {
    const status = statuses.get(contact.id);
    if (status !== "granted") excluded.set(contact.id, (status as "pending" | "withdrawn" | undefined) ?? "no_consent");
    else if (contact.doNotEmail) excluded.set(contact.id, "do_not_contact");
    else if (contact.address === null) excluded.set(contact.id, "no_address");
    else if (suppressed.has(contact.address)) excluded.set(contact.id, "suppressed");
  }
  return excluded;
}
