import * as z from "zod";
import { textSchema } from "../schemas/common-schemas.js";

/** Who performs an operation. The host authenticates; Rapport trusts what it is given here. */
export interface Actor {
  /** The tenant every read and write of this actor is confined to. */
  readonly tenantId: string;
  /** The host's user id (or `"system"` for {@link Crm.system}). */
  readonly userId: string;
  /** Role names, resolved against the tenant's roles. */
  readonly roles: readonly string[];
  /** True for the system actor, which holds every permission. */
  readonly system?: boolean;
}

const identifier = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:@-]+$/, "Use letters, digits and _ . : @ - only");

/** A tenant id: 1–64 characters of letters, digits, `_` and `-`. */
export const tenantIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, _ and - only");

/** Validates the actor handed to `crm.as(...)`. */
export const actorSchema = z
  .object({
    tenantId: tenantIdSchema,
    userId: identifier,
    // Role names are looked up in the database: no NUL or lone surrogate may reach it.
    roles: z.array(textSchema().min(1).max(64)).max(32),
  })
  .strict();

/** Input of `crm.as(...)`. */
export type ActorInput = z.input<typeof actorSchema>;
