import { ForbiddenError, idSchema, type ModuleContext, type OperationContext, parseInput } from "@rapport/core";
import { salesDb } from "../database.js";
import { dateOf } from "../documents/dates.js";
import { invalidTransition } from "../errors.js";
import { opportunityEntity } from "../opportunities/opportunity-entity.js";
import { opportunityForChange } from "../opportunities/opportunity-for-change.js";
import { type Period, toPeriod } from "../quotas/period.js";
import type { Subject } from "../quotas/subject-owners.js";
import { corporateCurrencyOf } from "../settings/settings-service.js";
import { shownForecast } from "./forecast-field-security.js";
import { type ForecastFigures, forecastFigures, quotaTarget } from "./forecast-query.js";
import {
  type ForecastCategory,
  type ForecastQuery,
  forecastCategorySchema,
  forecastQuerySchema,
} from "./forecast-schema.js";

/** A forecast for a period and a user or team, in the corporate currency. */
export interface Forecast extends ForecastFigures {
  readonly period: Period;
  readonly userId: string | null;
  readonly teamId: string | null;
  readonly currency: string;
  /** The subject's revenue quota for exactly this period, or `null`. */
  readonly quota: number | null;
  /** `max(quota − wonToDate, 0)`, or `null` without a quota. */
  readonly quotaGap: number | null;
}

/** An opportunity's forecast category. */
export interface OpportunityForecastCategory {
  readonly opportunityId: string;
  /** `pipeline` unless set. */
  readonly category: ForecastCategory;
}

/**
 * Forecasts: pipeline, weighted pipeline (amount × probability), commit and best case (from
 * each opportunity's forecast category), won to date and the gap to quota — for a month,
 * quarter or year and a user or team, computed in SQL in the corporate currency.
 */
export interface ForecastService {
  /**
   * The forecast. A user's needs `forecast:read` on them (a rep reads their own); a team's
   * needs `forecast:read` in `all` scope, or in `team` scope as a member of the team.
   *
   * @example
   * ```ts
   * const q2 = await alice.sales.forecasts.forecast({ period: { type: "quarter", start: "2026-04-01" }, userId: "alice" });
   * ```
   */
  forecast(query: ForecastQuery): Promise<Forecast>;
  /**
   * Sets an open opportunity's forecast category (`null` returns to `pipeline`). Needs
   * `forecast:categorize` and update rights on the opportunity. Emits `opportunity.updated`.
   */
  setCategory(opportunityId: string, category: ForecastCategory | null): Promise<OpportunityForecastCategory>;
  categoryOf(opportunityId: string): Promise<OpportunityForecastCategory>;
}

async function storedCategory(op: OperationContext, opportunityId: string): Promise<string | null> {
  const row = await salesDb(op)
    .selectFrom("sales_opportunities")
    .select("forecast_category")
    .where("tenant_id", "=", op.tenantId)
    .where("id", "=", opportunityId)
    .executeTakeFirstOrThrow();
  return row.forecast_category;
}

async function authorizeSubject(op: OperationContext, subject: Subject): Promise<void> {
  if (subject.userId !== undefined) {
    await op.authorize("forecast:read", { ownerId: subject.userId, createdBy: subject.userId });
    return;
  }
  const scope = await op.scopeOf("forecast:read");
  if (scope === "all") return;
  if (scope === "team") {
    const member = await salesDb(op)
      .selectFrom("rapport_team_members")
      .select("user_id")
      .where("tenant_id", "=", op.tenantId)
      .where("team_id", "=", subject.teamId)
      .where("user_id", "=", op.actor.userId)
      .executeTakeFirst();
    if (member) return;
  }
  throw new ForbiddenError(`${op.actor.userId} may not read the forecast of team ${subject.teamId}`, {
    details: { permission: "forecast:read", teamId: subject.teamId },
  });
}

async function forecastIn(op: OperationContext, query: unknown): Promise<Forecast> {
  const parsed = parseInput(forecastQuerySchema, query);
  const subject: Subject =
    parsed.teamId === undefined ? { userId: parsed.userId as string } : { teamId: parsed.teamId };
  await authorizeSubject(op, subject);
  const period = toPeriod(parsed.period);
  const currency = await corporateCurrencyOf(op);
  const figures = await forecastFigures(op, subject, period, currency, dateOf(op.timestamp));
  const quota = await quotaTarget(op, subject, period);
  return {
    ...figures,
    period,
    userId: parsed.userId ?? null,
    teamId: parsed.teamId ?? null,
    currency,
    quota,
    quotaGap: quota === null ? null : Math.max(quota - figures.wonToDate, 0),
  };
}

async function setCategoryIn(
  op: OperationContext,
  id: string,
  category: unknown,
): Promise<OpportunityForecastCategory> {
  const parsed = parseInput(forecastCategorySchema, category);
  await op.authorize("forecast:categorize");
  const before = await opportunityForChange(op, id);
  if (before.status !== "open") {
    throw invalidTransition(
      `Opportunity ${before.id} is ${before.status}; only open deals are forecast`,
      "opportunity_closed",
      {
        id: before.id,
      },
    );
  }
  const current = await storedCategory(op, before.id);
  await op.records(opportunityEntity).change(
    before,
    {},
    {
      action: "categorize",
      extra: [{ field: "forecastCategory", column: "forecast_category", before: current, after: parsed }],
    },
  );
  return { opportunityId: before.id, category: parsed ?? "pipeline" };
}

/** Builds the forecast service of one scoped client. */
export function createForecastService(ctx: ModuleContext): ForecastService {
  return {
    forecast: (query) => ctx.read(async (op) => shownForecast(op, await forecastIn(op, query))),
    setCategory: (opportunityId, category) => ctx.run((op) => setCategoryIn(op, opportunityId, category)),
    categoryOf: (opportunityId) =>
      ctx.read(async (op) => {
        const opportunity = await op.records(opportunityEntity).get(parseInput(idSchema("opp"), opportunityId));
        const category = (await storedCategory(op, opportunity.id)) ?? "pipeline";
        return { opportunityId: opportunity.id, category: category as ForecastCategory };
      }),
  };
}
