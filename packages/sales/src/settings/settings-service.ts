import { type ModuleContext, type OperationContext, parseInput } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { type SalesSettingsRow, salesDb } from "../database.js";
import { fromStoredPercent, toStoredPercent } from "../documents/percent.js";
import { invalidTransition } from "../errors.js";
import {
  DEFAULT_SALES_SETTINGS,
  type SalesSettings,
  type UpdateSalesSettingsInput,
  updateSalesSettingsSchema,
} from "./settings-schema.js";

/** The tenant's sales settings: corporate currency, quote approval limit, validity and renewal notice. */
export interface SalesSettingsService {
  /** The settings in force (the defaults until changed). Needs `sales_settings:read`. */
  get(): Promise<SalesSettings>;
  /**
   * Changes some settings. Needs `sales_settings:update`. Emits `sales_settings.updated`.
   * Contracts keep the renewal date they were given; the new notice applies to contracts activated later.
   */
  update(patch: UpdateSalesSettingsInput): Promise<SalesSettings>;
}

/** The settings in force in `op`'s tenant, without a permission check (verbs read them on the caller's behalf). */
export async function settingsOf(op: OperationContext): Promise<SalesSettings> {
  // Read by every quote and contract creation: reuse the compiled SELECT.
  const { rows } = await runCompiled<SalesSettingsRow>(op, "sales:settings", [op.tenantId], () =>
    salesDb(op).selectFrom("sales_settings").selectAll().where("tenant_id", "=", op.tenantId),
  );
  const [row] = rows;
  if (!row) return { ...DEFAULT_SALES_SETTINGS, updatedAt: null, updatedBy: null };
  return {
    corporateCurrency: row.corporate_currency,
    discountApprovalLimit: fromStoredPercent(row.discount_approval_limit),
    quoteValidityDays: Number(row.quote_validity_days),
    renewalNoticeDays: Number(row.renewal_notice_days),
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

/** The tenant's corporate currency, or an `InvalidTransitionError` when it was never set. */
export async function corporateCurrencyOf(op: OperationContext): Promise<string> {
  const { corporateCurrency } = await settingsOf(op);
  if (corporateCurrency === null) {
    throw invalidTransition(
      "The tenant has no corporate currency: set it with sales.settings.update({ corporateCurrency })",
      "corporate_currency_missing",
    );
  }
  return corporateCurrency;
}

/** Builds the settings service of one scoped client. */
export function createSalesSettingsService(ctx: ModuleContext): SalesSettingsService {
  return {
    get: () =>
      ctx.read(async (op) => {
        await op.authorize("sales_settings:read");
        return settingsOf(op);
      }),
    update: (patch) =>
      ctx.run(async (op) => {
        const parsed = parseInput(updateSalesSettingsSchema, patch);
        await op.authorize("sales_settings:update");
        // One writer at a time, so two concurrent partial updates do not lose each other's fields.
        await op.lock("sales_settings");
        const before = await settingsOf(op);
        const after: SalesSettings = {
          corporateCurrency: parsed.corporateCurrency ?? before.corporateCurrency,
          discountApprovalLimit: parsed.discountApprovalLimit ?? before.discountApprovalLimit,
          quoteValidityDays: parsed.quoteValidityDays ?? before.quoteValidityDays,
          renewalNoticeDays: parsed.renewalNoticeDays ?? before.renewalNoticeDays,
          updatedAt: op.timestamp,
          updatedBy: op.actor.userId,
        };
        const row = {
          tenant_id: op.tenantId,
          corporate_currency: after.corporateCurrency,
          discount_approval_limit: toStoredPercent(after.discountApprovalLimit),
          quote_validity_days: after.quoteValidityDays,
          renewal_notice_days: after.renewalNoticeDays,
          updated_at: op.timestamp,
          updated_by: op.actor.userId,
        };
        const { tenant_id: _t, ...changes } = row;
        await salesDb(op)
          .insertInto("sales_settings")
          .values(row)
          .onConflict((oc) => oc.column("tenant_id").doUpdateSet(changes))
          .execute();
        // Not a record change: settings are one unversioned row per tenant, outside the record layer.
        await op.audit({
          entityType: "sales_settings",
          entityId: op.tenantId,
          action: "update",
          before: { ...before },
          after: { ...after },
        });
        const keys = ["corporateCurrency", "discountApprovalLimit", "quoteValidityDays", "renewalNoticeDays"] as const;
        op.emit("sales_settings.updated", { changed: keys.filter((k) => before[k] !== after[k]) });
        return after;
      }),
  };
}
