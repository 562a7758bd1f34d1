import type { OperationContext } from "@rapport/core";
import { localDateOf } from "../calendars/business-time.js";
import { type ContactView, peersOf, requireAccount, requireContact } from "../shared/peers.js";
import { serviceDb } from "../shared/service-tables.js";
import type { CaseChannel } from "../shared/vocabulary.js";
import type { ParsedIntake } from "./intake-schema.js";

/** The channel each kind of request arrives on. */
export const CHANNEL_OF_KIND: Readonly<Record<ParsedIntake["kind"], CaseChannel>> = Object.freeze({
  call: "phone",
  email: "email",
  web_form: "web",
  chat: "chat",
});

/** A request's subject and text, as a case will carry them. */
export interface IntakeText {
  readonly subject: string;
  readonly description: string | null;
}

/** Subject and description of a request: a call's notes, an email's body, a form's message and fields, a chat's transcript. */
export function textOf(request: ParsedIntake): IntakeText {
  switch (request.kind) {
    case "call":
      return { subject: request.subject ?? `Call from ${request.from}`, description: request.notes ?? null };
    case "email":
      return { subject: request.subject, description: request.body };
    case "web_form": {
      const fields = Object.entries(request.fields ?? {}).map(([name, value]) => `${name}: ${value}`);
      return {
        subject: request.subject,
        description: [request.message, ...(fields.length > 0 ? ["", ...fields] : [])].join("\n"),
      };
    }
    case "chat": {
      const firstLine = request.transcript.find((line) => line.from === "customer")?.text.trim();
      const subject = request.subject ?? (firstLine ? firstLine.slice(0, 120) : "Chat");
      return {
        subject: subject.length > 0 ? subject : "Chat",
        description: request.transcript.map((line) => `[${line.from}] ${line.text}`).join("\n"),
      };
    }
  }
}

/** The sender as far as the CRM knows them. */
export interface Sender {
  readonly accountId: string | null;
  readonly contactId: string | null;
  readonly language: string | null;
  /** The email or phone to reach them by, for a lead. */
  readonly email: string | null;
  readonly phone: string | null;
}

/**
 * Who sent a request: the contact given, or the contact with the sender's email address
 * (when the contacts service can look it up), and their account.
 */
export async function senderOf(op: OperationContext, request: ParsedIntake): Promise<Sender> {
  const email = request.kind === "email" ? request.from : (request.customer?.email ?? null);
  const phone =
    request.kind === "call" && request.direction === "inbound" ? request.from : (request.customer?.phone ?? null);
  let contact: ContactView | null = null;
  if (request.contactId) contact = await requireContact(op, request.contactId, ["contactId"]);
  else if (email) {
    const found = await peersOf(op).contacts?.findByEmail?.(email);
    contact = found && found.archivedAt === null ? found : null;
  }
  return {
    accountId: request.accountId ?? contact?.accountId ?? null,
    contactId: contact?.id ?? null,
    language: request.language ?? contact?.language ?? null,
    email,
    phone,
  };
}

/**
 * An account's support tier: the tier of its service contract in force today (latest end
 * first), otherwise its custom field `tier`, otherwise `null`.
 */
export async function accountTierOf(
  op: OperationContext,
  accountId: string | null,
  timeZone: string,
): Promise<string | null> {
  if (accountId === null) return null;
  const today = localDateOf(timeZone, op.now);
  const contract = await serviceDb(op)
    .selectFrom("service_contracts")
    .select("tier")
    .where("tenant_id", "=", op.tenantId)
    .where("account_id", "=", accountId)
    .where("archived_at", "is", null)
    .where("tier", "is not", null)
    .where("start_date", "<=", today)
    .where("end_date", ">=", today)
    .orderBy("end_date", "desc")
    .orderBy("id")
    .executeTakeFirst();
  if (contract?.tier) return contract.tier;
  const account = await requireAccount(op, accountId, ["accountId"]);
  const tier = account.custom.tier;
  return typeof tier === "string" ? tier : null;
}
