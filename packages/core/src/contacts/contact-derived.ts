import type { BeforeHook } from "../kernel/hooks.js";
import type { ContactEmail } from "./contact-schema.js";

/** Record values as hooks see them. */
export type Values = Record<string, unknown>;

/** "Maria Anders", "Anders" or "Maria": the name parts present, joined by a space. */
export function fullNameOf(firstName: unknown, lastName: unknown): string {
  return [firstName, lastName].filter((part): part is string => typeof part === "string" && part !== "").join(" ");
}

/** The primary address of a validated email list (always lower case), or `null` for none. */
export function primaryEmailOf(emails: readonly ContactEmail[]): string | null {
  return emails.find((e) => e.primary)?.value ?? null;
}

/**
 * Fills the contact's derived fields (`fullName`, `primaryEmail`) on create. Registered by
 * core, so it runs before any module's or host's hook on `contact.create`.
 */
export const deriveOnCreate: BeforeHook<Values> = (values) => {
  // The values are the operation's own parse output: filled in place (a copy per contact shows on bulk imports).
  values.fullName = fullNameOf(values.firstName, values.lastName);
  values.primaryEmail = primaryEmailOf((values.emails ?? []) as readonly ContactEmail[]);
  return values;
};

/** The payload of the `contact.update` hook: the patch and the stored record it applies to. */
export interface ContactUpdatePayload {
  readonly id: string;
  readonly patch: Values;
  readonly before: Values;
}

/** Recomputes the derived fields a patch touches, reading the untouched parts from the stored record. */
export const deriveOnUpdate: BeforeHook<ContactUpdatePayload> = (payload) => {
  const { patch, before } = payload;
  const derived: Values = {};
  if (patch.firstName !== undefined || patch.lastName !== undefined) {
    const first = patch.firstName === undefined ? before.firstName : patch.firstName;
    const last = patch.lastName === undefined ? before.lastName : patch.lastName;
    derived.fullName = fullNameOf(first, last);
  }
  if (patch.emails !== undefined) derived.primaryEmail = primaryEmailOf(patch.emails as readonly ContactEmail[]);
  return Object.keys(derived).length === 0 ? undefined : { ...payload, patch: { ...patch, ...derived } };
};
