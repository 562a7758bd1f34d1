import type { OperationContext } from "@rapport/core";
import { type RawBuilder, sql } from "kysely";

/**
 * An SQL expression: whole days from the day an opportunity was created (UTC) to its close
 * date. Both ends are days, so the figure is an integer on every adapter and the averages and
 * medians built from it agree to the last digit.
 */
export function cycleDaysSql(op: OperationContext, alias: string): RawBuilder<number> {
  const closed = op.adapter.epochSeconds(sql.ref(`${alias}.close_date`));
  const created = op.adapter.epochSeconds(sql<string>`substr(${sql.ref(`${alias}.created_at`)}, 1, 10)`);
  return sql<number>`cast(round((${closed} - ${created}) / 86400.0) as integer)`;
}

/** Sums and counts from which {@link cycleStatistics} derives a mean and a median. */
export interface CycleSums {
  /** Σ days over the deals. */
  readonly daysSum: number | string | null;
  readonly count: number | string | null;
  /** Σ days of the one or two middle deals, in days order. */
  readonly middleSum: number | string | null;
  /** How many middle deals: 1 for an odd count, 2 for an even one, 0 for none. */
  readonly middleCount: number | string | null;
}

/** Mean and median cycle in days, or `null` for both with no deals. Divides integers the database summed. */
export function cycleStatistics(sums: CycleSums): { mean: number | null; median: number | null } {
  const count = Number(sums.count ?? 0);
  const middleCount = Number(sums.middleCount ?? 0);
  return {
    mean: count === 0 ? null : Number(sums.daysSum) / count,
    median: middleCount === 0 ? null : Number(sums.middleSum) / middleCount,
  };
}
