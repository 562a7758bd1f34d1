import { CrmError, NotFoundError, type OperationContext, ValidationError } from "@rapport/core";
import { oncePerOperation } from "./operation-memo.js";

/** What the service module reads of an account. */
export interface AccountView {
  readonly id: string;
  readonly name: string;
  readonly custom: Readonly<Record<string, unknown>>;
  readonly archivedAt: string | null;
}

/** What the service module reads of a contact. */
export interface ContactView {
  readonly id: string;
  readonly accountId: string | null;
  readonly language?: string | null;
  readonly archivedAt: string | null;
}

/** The activity the service module writes for a call, so it shows on timelines. */
export interface CallActivityInput {
  readonly kind: "call";
  readonly relatedTo: { readonly type: string; readonly id: string };
  readonly subject: string;
  readonly body?: string | null;
  readonly occurredAt: string;
  readonly durationMinutes: number;
  readonly outcome?: string | null;
  readonly doneAt: string;
  readonly ownerId?: string | null;
}

/** A busy slot of a user on the core calendar. */
export interface CalendarClash {
  readonly userId: string;
  readonly appointmentId: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** The appointment the service module books for a dispatched work order. */
export interface WorkOrderAppointmentInput {
  readonly subject: string;
  readonly description?: string | null;
  readonly location?: string | null;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly ownerId: string;
  readonly relatedTo: { readonly type: string; readonly id: string };
}

/**
 * The public clients of other modules the service module calls, as it expects them. They are
 * reached through `op.client()` so their writes join the service call's transaction; a
 * module that is not installed is simply absent.
 */
export interface PeerClients {
  readonly accounts: { get(id: string): Promise<AccountView> };
  readonly contacts?: {
    get(id: string): Promise<ContactView>;
    findByEmail?(email: string): Promise<ContactView | null>;
  };
  readonly products?: { get(id: string): Promise<{ readonly id: string; readonly archivedAt: string | null }> };
  readonly activities?: { create(input: CallActivityInput): Promise<{ readonly id: string }> };
  readonly calendar?: {
    create(
      input: WorkOrderAppointmentInput,
      options?: { rejectDoubleBooking?: boolean },
    ): Promise<{ readonly id: string }>;
    archive(id: string): Promise<unknown>;
    clashes(query: { userIds: string[]; startsAt: string; endsAt: string }): Promise<readonly CalendarClash[]>;
  };
  readonly sales?: {
    readonly leads?: {
      capture(input: Record<string, unknown>, options?: { idempotencyKey?: string }): Promise<unknown>;
      get?(id: string): Promise<{ readonly id: string }>;
    };
  };
}

/** The actor's scoped client bound to this operation's transaction, typed with what the module uses. */
export function peersOf(op: OperationContext): PeerClients {
  return op.client() as PeerClients;
}

async function asInputError<T>(
  path: readonly PropertyKey[],
  what: string,
  id: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof NotFoundError)
      throw ValidationError.forField(path, `Unknown ${what} ${id}`, { [`${what}Id`]: id });
    throw error;
  }
}

/** The account `id` names, read with the actor's permissions. Unknown or archived: `ValidationError` on `path`. */
export async function requireAccount(
  op: OperationContext,
  id: string,
  path: readonly PropertyKey[],
): Promise<AccountView> {
  const account = await asInputError(path, "account", id, () => peersOf(op).accounts.get(id));
  if (account.archivedAt !== null) throw ValidationError.forField(path, `Account ${id} is archived`, { accountId: id });
  return account;
}

/** The contact `id` names, read with the actor's permissions. Unknown or archived: `ValidationError` on `path`. */
export async function requireContact(
  op: OperationContext,
  id: string,
  path: readonly PropertyKey[],
): Promise<ContactView> {
  const contacts = peersOf(op).contacts;
  if (!contacts)
    throw new CrmError(
      "SERVICE_CONTACTS_UNAVAILABLE",
      "This Rapport build has no contacts service to check contactId against",
    );
  // Opening a case reads its contact for the account, then again when validating the record.
  const contact = await asInputError(path, "contact", id, () =>
    oncePerOperation(op, `contact:${id}`, () => contacts.get(id)),
  );
  if (contact.archivedAt !== null) throw ValidationError.forField(path, `Contact ${id} is archived`, { contactId: id });
  return contact;
}

/** The product `id` names. Unknown or archived: `ValidationError` on `path`. */
export async function requireProduct(op: OperationContext, id: string, path: readonly PropertyKey[]): Promise<void> {
  const products = peersOf(op).products;
  if (!products)
    throw new CrmError(
      "SERVICE_PRODUCTS_UNAVAILABLE",
      "This Rapport build has no products service to check productId against",
    );
  const product = await asInputError(path, "product", id, () => products.get(id));
  if (product.archivedAt !== null) throw ValidationError.forField(path, `Product ${id} is archived`, { productId: id });
}
