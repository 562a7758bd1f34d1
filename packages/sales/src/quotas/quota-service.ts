import {
  boundContext,
  type CoreClient,
  createEntityService,
  DuplicateError,
  type ListOptions,
  type ModuleContext,
  NotFoundError,
  type OperationContext,
  type Page,
  parseInput,
  ValidationError,
  type WriteOptions,
} from "@rapport/core";
import { salesDb } from "../database.js";
import type { SalesErrorReason } from "../errors.js";
import { corporateCurrencyOf } from "../settings/settings-service.js";
import { shownAttainment } from "./attainment-field-security.js";
import { toPeriod } from "./period.js";
import { attainmentOf, type QuotaAttainment } from "./quota-attainment.js";
import { type Quota, quotaEntity } from "./quota-entity.js";
import { type CreateQuotaInput, createQuotaSchema, type UpdateQuotaInput, updateQuotaSchema } from "./quota-schema.js";

/**
 * Sales quotas: targets per user or team per month, quarter or year, in revenue (the
 * corporate currency) or won deals. Attainment is computed in SQL from won opportunities
 * closed in the period; a team's counts every current member's deals.
 */
export interface QuotaService {
  /**
   * Sets a quota. Needs `quota:create`. A quota of the same measure for the same user or
   * team in an overlapping period is a `DuplicateError` (reason `overlapping_quota`).
   * Revenue quotas need the tenant's corporate currency. Emits `quota.created`.
   */
  create(input: CreateQuotaInput): Promise<Quota>;
  get(id: string): Promise<Quota>;
  list(options?: ListOptions): Promise<Page<Quota>>;
  /** Changes the target. Emits `quota.updated`. */
  update(id: string, patch: UpdateQuotaInput, options?: WriteOptions): Promise<Quota>;
  archive(id: string, options?: WriteOptions): Promise<Quota>;
  /**
   * How far the quota is met, in SQL: won deals (or their revenue, converted at each close
   * date's rate, half up per deal) closed in the period by the user or the team's members.
   *
   * @example
   * ```ts
   * const { achieved, attainmentPercent } = await manager.sales.quotas.attainment(quota.id);
   * ```
   */
  attainment(id: string): Promise<QuotaAttainment>;
}

const records = (op: OperationContext) => createEntityService(boundContext(op), quotaEntity);

async function createIn(op: OperationContext, input: unknown): Promise<Quota> {
  const parsed = parseInput(createQuotaSchema, input);
  await op.authorize("quota:create");
  const period = toPeriod(parsed.period);
  if (parsed.teamId !== undefined) {
    // The caller may set quotas; whether the team exists is not theirs to be refused (no team:read needed).
    const teams = (op.asSystem().client() as CoreClient).teams;
    const team = await teams.get(parsed.teamId).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (team === null || team.archivedAt !== null) {
      throw ValidationError.forField(["teamId"], `Team ${parsed.teamId} does not exist`);
    }
  }
  const currency = parsed.measure === "revenue" ? await corporateCurrencyOf(op) : null;
  const subject = parsed.teamId === undefined ? `user:${parsed.userId}` : `team:${parsed.teamId}`;
  // One writer per subject, so two overlapping quotas cannot both pass the check.
  await op.lock(`quota:${subject}`);
  const overlapping = await salesDb(op)
    .selectFrom("sales_quotas")
    .select("id")
    .where("tenant_id", "=", op.tenantId)
    .where(parsed.teamId === undefined ? "user_id" : "team_id", "=", parsed.teamId ?? (parsed.userId as string))
    .where("measure", "=", parsed.measure)
    .where("period_start", "<=", period.end)
    .where("period_end", ">=", period.start)
    .where("archived_at", "is", null)
    .executeTakeFirst();
  if (overlapping) {
    throw new DuplicateError(`A ${parsed.measure} quota for ${subject} already covers part of this period`, {
      details: { reason: "overlapping_quota" satisfies SalesErrorReason, existingId: overlapping.id },
    });
  }
  const { period: _p, userId, teamId, ...rest } = parsed;
  return records(op).create({
    ...rest,
    subjectType: teamId === undefined ? "user" : "team",
    userId: userId ?? null,
    teamId: teamId ?? null,
    periodType: period.type,
    periodStart: period.start,
    periodEnd: period.end,
    currency,
  });
}

/** Builds the quota service of one scoped client. */
export function createQuotaService(ctx: ModuleContext): QuotaService {
  return {
    create: (input) => ctx.run((op) => createIn(op, input)),
    get: (id) => ctx.read((op) => records(op).get(id)),
    list: (options) => ctx.read((op) => records(op).list(options)),
    update: (id, patch, options = {}) =>
      ctx.run((op) => records(op).update(id, parseInput(updateQuotaSchema, patch), options)),
    archive: (id, options = {}) => ctx.run((op) => records(op).archive(id, options)),
    attainment: (id) =>
      ctx.read(async (op) => {
        // Worked out from the whole quota (the read checks access), then shown as the actor may see it.
        const { id: quotaId } = await records(op).get(id);
        const quota = await op.records(quotaEntity).get(quotaId, { authorize: false });
        return shownAttainment(op, await attainmentOf(op, quota));
      }),
  };
}
