import * as z from "zod";
import { nameSchema, textSchema, userIdSchema } from "../schemas/common-schemas.js";

/**
 * Input of `users.upsert`: the CRM profile of a host user, keyed by the host's own user id
 * (the `userId` given to `crm.as(...)`). On an existing profile, absent optional keys keep
 * their values and `null` clears them. Unknown keys are rejected.
 *
 * @example
 * ```ts
 * await sys.users.upsert({ id: "alice", name: "Alice Ng", email: "alice@acme.test", managerId: "maria" });
 * ```
 */
export const upsertUserSchema = z
  .object({
    /** The host's user id. */
    id: userIdSchema,
    name: nameSchema,
    email: z.email().max(320).nullable().optional(),
    /** Inactive users keep their records but should not get new work. @default true */
    active: z.boolean().optional(),
    /** The user's manager (another profile of the tenant); the manager line may not loop. */
    managerId: userIdSchema.nullable().optional(),
    /** Sales or service territory, free text (`"EMEA North"`). */
    territory: textSchema().trim().min(1).max(100).nullable().optional(),
    /** Job title. */
    title: textSchema().trim().min(1).max(200).nullable().optional(),
  })
  .strict();
export type UpsertUserInput = z.input<typeof upsertUserSchema>;

/** Options of `users.reports`. */
export const reportsOptionsSchema = z
  .object({
    /** `"direct"`: only the people whose manager is the user; `"all"`: the whole line below. @default "all" */
    depth: z.enum(["direct", "all"]).optional(),
    /** Include inactive users. @default false */
    includeInactive: z.boolean().optional(),
  })
  .strict();
export type ReportsOptions = z.input<typeof reportsOptionsSchema>;

/** A CRM user profile as stored and returned. */
export type User = {
  /** The host's user id. */
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly email: string | null;
  readonly active: boolean;
  readonly managerId: string | null;
  readonly territory: string | null;
  readonly title: string | null;
  /** Starts at 1, grows by one on every change. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string;
  readonly updatedBy: string;
};

/** A user below another in the manager line; `depth` 1 is a direct report. */
export type Report = User & { readonly depth: number };
