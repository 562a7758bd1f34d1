import {
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { boundContext } from "../shared/bound-context.js";
import type { ServiceDb, SlaPolicyRow } from "../shared/service-tables.js";
import { loadForWrite, writeVersioned } from "../shared/versioned-write.js";
import { type SlaPolicy, slaPolicyEntity } from "./sla-policy-entity.js";
import type { CreateSlaPolicyInput, UpdateSlaPolicyInput } from "./sla-policy-schema.js";

/** SLA policies: the standard service plus the tenant's default. */
export interface SlaPolicyService extends EntityService<SlaPolicy, CreateSlaPolicyInput, UpdateSlaPolicyInput> {
  /** Makes this policy the one cases get when no entitlement names a policy (the previous default stops being it). */
  setDefault(id: string): Promise<SlaPolicy>;
  /** The tenant's default policy, or `null` when there is none. */
  getDefault(): Promise<SlaPolicy | null>;
}

/** Marks `id` as the tenant's default SLA policy, clearing the flag elsewhere. */
export async function setDefaultPolicy(op: OperationContext, id: string): Promise<void> {
  const db = op.db as ServiceDb;
  const row = await loadForWrite<SlaPolicyRow>(
    op,
    "service_sla_policies",
    "sla_policy",
    parseInput(idSchema("sla"), id),
  );
  await op.authorize("sla_policy:update");
  if (Number(row.is_default) === 1) return;
  const previous = await db
    .selectFrom("service_sla_policies")
    .select(["id", "version"])
    .where("tenant_id", "=", op.tenantId)
    .where("is_default", "=", 1)
    .execute();
  for (const other of previous) {
    await writeVersioned(op, "service_sla_policies", "sla_policy", other.id, Number(other.version), { is_default: 0 });
    await op.audit({
      entityType: "sla_policy",
      entityId: other.id,
      action: "set_default",
      before: { isDefault: true },
      after: { isDefault: false },
    });
  }
  await writeVersioned(op, "service_sla_policies", "sla_policy", row.id, Number(row.version), { is_default: 1 });
  await op.audit({
    entityType: "sla_policy",
    entityId: row.id,
    action: "set_default",
    before: { isDefault: false },
    after: { isDefault: true },
  });
  op.emit("sla_policy.default_changed", { id: row.id, previousId: previous[0]?.id ?? null });
}

/** Builds `client.service.slaPolicies`. */
export function createSlaPolicyService(ctx: ModuleContext): SlaPolicyService {
  const base = createEntityService(ctx, slaPolicyEntity);
  return {
    ...base,
    setDefault: (id) =>
      ctx.run(async (op) => {
        await setDefaultPolicy(op, id);
        return createEntityService(boundContext(op), slaPolicyEntity).get(id);
      }),
    getDefault: () =>
      ctx.read(async (op) => {
        await op.authorize("sla_policy:read");
        const row = await (op.db as ServiceDb)
          .selectFrom("service_sla_policies")
          .select("id")
          .where("tenant_id", "=", op.tenantId)
          .where("is_default", "=", 1)
          .where("archived_at", "is", null)
          .executeTakeFirst();
        return row ? createEntityService(boundContext(op), slaPolicyEntity).get(row.id) : null;
      }),
  };
}
