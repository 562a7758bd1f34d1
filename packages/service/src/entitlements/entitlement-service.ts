import {
  boundContext,
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  NotFoundError,
  parseInput,
  ValidationError,
} from "@rapport/core";
import { localDateOf } from "../calendars/business-time.js";
import { serviceDb } from "../shared/service-tables.js";
import type { EntitlementStatus } from "../shared/vocabulary.js";
import { contractEntity, type ServiceContract } from "./contract-entity.js";
import type { CreateContractInput, UpdateContractInput } from "./contract-schema.js";
import { statusOn } from "./entitlement-coverage.js";
import { type Entitlement, entitlementEntity, storedEntitlementEntity } from "./entitlement-entity.js";
import {
  type CreateEntitlementInput,
  createEntitlementSchema,
  type EntitlementUnit,
  type UpdateEntitlementInput,
} from "./entitlement-schema.js";
import { shownUsage } from "./usage-field-security.js";

/** Service contracts: the standard service. */
export type ContractService = EntityService<ServiceContract, CreateContractInput, UpdateContractInput>;

/** How much of an entitlement is left, on the clock's date. */
export interface EntitlementUsage {
  readonly entitlementId: string;
  readonly status: EntitlementStatus;
  readonly unitKind: EntitlementUnit;
  /** Incidents or hours granted; `null` when unlimited. */
  readonly unitsTotal: number | null;
  /** Incidents used, or hours used (minutes / 60, two decimals). */
  readonly unitsUsed: number;
  /** What is left, never below 0; `null` when unlimited. */
  readonly unitsRemaining: number | null;
}

/** Entitlements: the standard service (create fills in the contract's defaults) plus usage. */
export interface EntitlementService extends EntityService<Entitlement, CreateEntitlementInput, UpdateEntitlementInput> {
  /** How much of the entitlement is used and left, and whether it covers new cases today. */
  usage(id: string): Promise<EntitlementUsage>;
}

/** Builds `client.service.contracts`. */
export function createContractService(ctx: ModuleContext): ContractService {
  return createEntityService(ctx, contractEntity);
}

/** Builds `client.service.entitlements`; `timeZone` decides which day "today" is. */
export function createEntitlementService(ctx: ModuleContext, timeZone: string): EntitlementService {
  const base = createEntityService(ctx, entitlementEntity);
  const create = (input: CreateEntitlementInput) =>
    ctx.run(async (op) => {
      const parsed = parseInput(createEntitlementSchema, input);
      let defaults: { accountId: string; startDate: string; endDate: string } | null = null;
      if (parsed.contractId) {
        const contract = await serviceDb(op)
          .selectFrom("service_contracts")
          .select(["account_id", "start_date", "end_date", "archived_at"])
          .where("tenant_id", "=", op.tenantId)
          .where("id", "=", parsed.contractId)
          .executeTakeFirst();
        if (!contract || contract.archived_at !== null)
          throw ValidationError.forField(["contractId"], `Unknown service contract ${parsed.contractId}`);
        defaults = { accountId: contract.account_id, startDate: contract.start_date, endDate: contract.end_date };
      }
      return createEntityService(boundContext(op), storedEntitlementEntity).create({
        ...parsed,
        contractId: parsed.contractId ?? null,
        accountId: parsed.accountId ?? defaults?.accountId ?? "",
        startDate: parsed.startDate ?? defaults?.startDate ?? "",
        endDate: parsed.endDate ?? defaults?.endDate ?? "",
        productId: parsed.productId ?? null,
        unitsTotal: parsed.unitsTotal ?? null,
        calendarId: parsed.calendarId ?? null,
        slaPolicyId: parsed.slaPolicyId ?? null,
      });
    });
  return {
    ...base,
    create,
    createMany: (inputs) =>
      ctx.run(async (op) => {
        const bound = createEntitlementService(boundContext(op), timeZone);
        const created: Entitlement[] = [];
        for (const input of inputs) created.push(await bound.create(input));
        return created;
      }),
    upsertByExternalId: (system, externalId, input) =>
      ctx.run(async (op) => {
        const bound = createEntitlementService(boundContext(op), timeZone);
        const existing = await bound.findByExternalId(system, externalId);
        if (existing) {
          const { contractId: _c, accountId: _a, unitKind: _u, ...patch } = input;
          return { record: await bound.update(existing.id, patch), created: false };
        }
        return {
          record: await bound.create({ ...input, externalIds: { ...input.externalIds, [system]: externalId } }),
          created: true,
        };
      }),
    usage: (id) =>
      ctx.read(async (op) => {
        const parsedId = parseInput(idSchema("ent"), id);
        // Read access to this entitlement, as get decides (its scope, not only the permission).
        await op.records(entitlementEntity).get(parsedId);
        const row = await serviceDb(op)
          .selectFrom("service_entitlements")
          .selectAll()
          .where("tenant_id", "=", op.tenantId)
          .where("id", "=", parsedId)
          .executeTakeFirst();
        if (!row) throw new NotFoundError("entitlement", parsedId);
        const total = row.units_total === null ? null : Number(row.units_total);
        const used =
          row.unit_kind === "hours"
            ? Math.round((Number(row.minutes_used) / 60) * 100) / 100
            : Number(row.incidents_used);
        return shownUsage(op, {
          entitlementId: row.id,
          status: statusOn(row, localDateOf(timeZone, op.now)),
          unitKind: row.unit_kind as EntitlementUnit,
          unitsTotal: total,
          unitsUsed: row.unit_kind === "unlimited" ? 0 : used,
          unitsRemaining: total === null ? null : Math.max(0, Math.round((total - used) * 100) / 100),
        });
      }),
  };
}
