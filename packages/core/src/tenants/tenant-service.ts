import * as z from "zod";
import { tenantIdSchema } from "../permissions/actor.js";
import { nameSchema } from "../schemas/common-schemas.js";

/** A tenant: one customer organisation of the host, whose data is kept apart from every other. */
export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

/** Input of `crm.tenants.create`. */
export const createTenantSchema = z.object({ id: tenantIdSchema, name: nameSchema }).strict();
export type CreateTenantInput = z.input<typeof createTenantSchema>;

/** Manages tenants. Not scoped: it is the host's administrative entry point. */
export interface TenantService {
  /**
   * Creates a tenant and seeds what each module needs (default pipeline, roles, SLA policy),
   * all in one transaction. Throws `DuplicateError` when the id is taken.
   */
  create(input: CreateTenantInput): Promise<Tenant>;
  /** Throws `NotFoundError` when there is no such tenant. */
  get(id: string): Promise<Tenant>;
  /** Every tenant, ordered by id. */
  list(): Promise<Tenant[]>;
}

/** A row of `rapport_tenants`. */
export interface TenantRow {
  readonly tenant_id: string;
  readonly name: string;
  readonly created_at: string;
}

export function toTenant(row: TenantRow): Tenant {
  return { id: row.tenant_id, name: row.name, createdAt: row.created_at };
}
