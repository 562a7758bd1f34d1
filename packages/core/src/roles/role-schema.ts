import * as z from "zod";
import { RECORD_SCOPES } from "../permissions/permission-catalog.js";
import { nameSchema } from "../schemas/common-schemas.js";

const permissionSchema = z
  .string()
  .regex(/^([a-z][a-z0-9_]*|\*):([a-z][a-z0-9_]*|\*)$/, "Permissions look like entity:action");
const fieldListSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]*$/),
  z.array(z.string().regex(/^(custom\.)?[a-zA-Z][a-zA-Z0-9_]*$/, "Name a record field or custom.<key>")).max(200),
);

/**
 * Input of `roles.define`: a tenant's own role. `grants` maps permissions (`account:read`,
 * `opportunity:*`) to a scope; `hiddenFields` and `readOnlyFields` restrict fields per entity type.
 *
 * @example
 * ```ts
 * await admin.roles.define({
 *   name: "junior_rep",
 *   grants: { "account:read": "all", "account:update": "own" },
 *   hiddenFields: { account: ["annualRevenue"] },
 * });
 * ```
 */
export const defineRoleSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, "Role names are lowercase letters, digits and _"),
    label: nameSchema.optional(),
    grants: z.record(permissionSchema, z.enum(RECORD_SCOPES)),
    hiddenFields: fieldListSchema.optional(),
    readOnlyFields: fieldListSchema.optional(),
  })
  .strict();
export type DefineRoleInput = z.input<typeof defineRoleSchema>;

/** Input of `roles.update`. The name never changes. */
export const updateRoleSchema = defineRoleSchema.omit({ name: true }).partial().strict();
export type UpdateRoleInput = z.input<typeof updateRoleSchema>;
