import {
  boundContext,
  createEntityService,
  type EntityService,
  idSchema,
  type ModuleContext,
  type OperationContext,
  parseInput,
} from "@rapport/core";
import { serviceDb } from "../shared/service-tables.js";
import { type SlaPolicy, slaPolicyEntity } from "./sla-policy-entity.js";
import type { CreateSlaPolicyInput, UpdateSlaPolicyInput } from "./sla-policy-schema.js";

/** SLA policies: the standard service plus the tenant's default. */
export interface SlaPolicyService extends EntityService<SlaPolicy, CreateSlaPolicyInput, UpdateSlaPolicyInput> {
  /** Makes this policy the one cases get when no entitlement names a policy (the previous default stops being it). */
  setDefault(id: string): Promise<SlaPolicy>;
  /** The tenant's default policy, or `null` when there is none. */
  getDefault(): Promise<SlaPolicy | null>;
}

/** Marks `id` as the tenant's default SLA policy, clearing the flag elsewhere; each is a versioned change. */
export async function setDefaultPolicy(op: OperationContext, id: string): Promise<void> {
  const policies = op.records(slaPolicyEntity);
  const policy = await policies.loadForChange(parseInput(idSchema("sla"), id));
  if (policy.isDefault) return;
  const previous = await serviceDb(op)
    .selectFrom("service_sla_policies")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where("is_default", "=", 1)
    .execute();
  for (const { id: otherId } of previous) {
    // Authorised above: the caller may set the default, which takes the flag off the old one.
    const other = await policies.loadForChange(otherId, { authorize: false, allowArchived: true });
    await policies.change(other, { isDefault: false }, { action: "set_default" });
  }
  await policies.change(
    policy,
    { isDefault: true },
    {
      action: "set_default",
      events: (after) => [
        { type: "sla_policy.default_changed", data: { id: after.id, previousId: previous[0]?.id ?? null } },
      ],
    },
  );
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
        const row = await serviceDb(op)
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
