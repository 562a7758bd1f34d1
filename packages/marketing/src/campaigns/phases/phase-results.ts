import type { OperationContext } from "@rapport/core";
import { type CampaignFigures, campaignFigures, onlyCampaign } from "../shared/campaign-figures.js";
import type { CampaignPhase } from "./phase-entity.js";
import type { GoalMetric } from "./phase-schema.js";

/** How far a phase got towards one goal. */
export interface GoalAttainment {
  readonly metric: GoalMetric;
  readonly target: number;
  /** The metric over the phase's dates; `null` when it cannot be computed (no leads for cost per lead, hidden amounts). */
  readonly actual: number | null;
  /**
   * actual ÷ target (target ÷ actual for `cost_per_lead`, where lower is better), rounded to
   * four places; 1 means the goal was met exactly. `null` when either side is 0 or unknown.
   */
  readonly ratio: number | null;
}

/** A phase's results: its figures over its dates and its goals' attainment. */
export interface PhaseResult extends CampaignFigures {
  readonly phaseId: string;
  readonly name: string;
  readonly status: CampaignPhase["status"];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly budget: number | null;
  /** Cost ÷ leads, rounded to a minor unit; `null` without leads. */
  readonly costPerLead: number | null;
  /** (won revenue − cost) ÷ cost in percent, two places; `null` without cost. */
  readonly roi: number | null;
  readonly goals: readonly GoalAttainment[];
}

function round(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

function actualOf(metric: GoalMetric, figures: CampaignFigures, costPerLead: number | null, roi: number | null) {
  switch (metric) {
    case "responses":
      return figures.responses;
    case "leads":
      return figures.leads;
    case "qualified_leads":
      return figures.qualifiedLeads;
    case "opportunities":
      return figures.opportunities;
    case "pipeline":
      return figures.pipeline;
    case "won_revenue":
      return figures.wonRevenue;
    case "cost_per_lead":
      return costPerLead;
    case "roi":
      return roi;
  }
}

/** The results of one phase of a campaign in `currency`: SQL aggregates over the phase's dates, then the goals. */
export async function phaseResult(op: OperationContext, phase: CampaignPhase, currency: string): Promise<PhaseResult> {
  const figures = await campaignFigures(op, {
    campaignIds: onlyCampaign(op, phase.campaignId),
    currency,
    from: phase.startsAt,
    to: phase.endsAt,
  });
  const costPerLead = figures.cost !== null && figures.leads > 0 ? Math.round(figures.cost / figures.leads) : null;
  const roi =
    figures.cost !== null && figures.cost > 0 && figures.wonRevenue !== null
      ? round(((figures.wonRevenue - figures.cost) / figures.cost) * 100, 2)
      : null;
  const goals = phase.goals.map(({ metric, target }): GoalAttainment => {
    const actual = actualOf(metric, figures, costPerLead, roi);
    let ratio: number | null = null;
    if (actual !== null) {
      if (metric === "cost_per_lead") ratio = actual === 0 ? null : round(target / actual, 4);
      else ratio = target === 0 ? null : round(actual / target, 4);
    }
    return { metric, target, actual, ratio };
  });
  return {
    phaseId: phase.id,
    name: phase.name,
    status: phase.status,
    startsAt: phase.startsAt,
    endsAt: phase.endsAt,
    budget: phase.budget,
    ...figures,
    costPerLead,
    roi,
    goals,
  };
}
