import { externalIdsSchema, plainExternalIds } from "../entities/base-record.js";
import { ValidationError } from "../kernel/errors.js";
import { parseInput } from "../kernel/validate.js";

/** A system name and a record's key there, as `findByExternalId` and `upsertByExternalId` take them. */
export interface ExternalKey {
  readonly system: string;
  readonly externalId: string;
}

/**
 * Validates an external-id lookup by the rules of `externalIds` on input (a lowercase
 * system name that is not `constructor`/`prototype`; 1–200 characters of storable text,
 * trimmed), so a key no record can hold fails with `ValidationError` before it reaches
 * the database, where PostgreSQL would refuse NUL.
 */
export function parseExternalKey(system: unknown, externalId: unknown): ExternalKey {
  if (typeof system !== "string") throw ValidationError.forField(["system"], "A system name is text");
  // A computed key is an own property even when it is __proto__, which the parse then refuses.
  const parsed = parseInput(externalIdsSchema, { [system]: externalId }, plainExternalIds);
  const key = Object.hasOwn(parsed, system) ? parsed[system] : undefined;
  if (key === undefined) throw ValidationError.forField(["system"], `"${system}" is not a system name`);
  return { system, externalId: key };
}
