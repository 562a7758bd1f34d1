import { addBusinessTime, type BusinessSchedule, businessTimeBetween } from "../calendars/business-time.js";
import type { CaseSlaRow } from "../shared/service-tables.js";
import type { SlaMetric, SlaStatus } from "../shared/vocabulary.js";
import type { SlaPlan } from "./sla-plan.js";

/** One SLA clock of a case, as its row stores it (without the keys). */
export type SlaClock = Omit<CaseSlaRow, "tenant_id" | "case_id">;

const iso = (ms: number) => new Date(ms).toISOString();

/** Business seconds the clock has counted up to `now`. */
export function elapsedSeconds(clock: SlaClock, schedule: BusinessSchedule, now: Date): number {
  const stored = Number(clock.elapsed_seconds);
  if (clock.clock !== "running" || clock.running_since === null) return stored;
  return stored + Math.floor(businessTimeBetween(schedule, new Date(clock.running_since), now) / 1000);
}

/** Where the clock stands: breached wins over met, met over paused/running. */
export function statusOf(clock: SlaClock): SlaStatus {
  if (clock.breached_at !== null) return "breached";
  if (clock.completed_at !== null) return "met";
  return clock.clock === "paused" ? "paused" : "running";
}

function warnSeconds(clock: SlaClock): number {
  return Math.ceil((Number(clock.target_minutes) * 60 * Number(clock.warn_percent)) / 100);
}

/** Sets `running_since`, `due_at` and `warn_at` for a clock counting from `now` with `elapsed` already used. */
function run(clock: SlaClock, elapsed: number, schedule: BusinessSchedule, now: Date): SlaClock {
  const left = Math.max(0, Number(clock.target_minutes) * 60 - elapsed);
  const warnLeft = Math.max(0, warnSeconds(clock) - elapsed);
  return {
    ...clock,
    clock: "running",
    elapsed_seconds: elapsed,
    running_since: now.toISOString(),
    due_at: iso(addBusinessTime(schedule, now, left * 1000).getTime()),
    warn_at: clock.warned_at === null ? iso(addBusinessTime(schedule, now, warnLeft * 1000).getTime()) : null,
  };
}

/** A new clock for `metric`, running from `now`. */
export function startClock(metric: SlaMetric, plan: SlaPlan, schedule: BusinessSchedule, now: Date): SlaClock {
  const target = metric === "first_response" ? plan.firstResponseMinutes : plan.resolutionMinutes;
  const blank: SlaClock = {
    metric,
    policy_id: plan.policyId,
    calendar_id: plan.calendarId,
    target_minutes: target,
    warn_percent: plan.warnPercent,
    elapsed_seconds: 0,
    running_since: null,
    due_at: null,
    warn_at: null,
    clock: "paused",
    warned_at: null,
    breached_at: null,
    completed_at: null,
  };
  return run(blank, 0, schedule, now);
}

/** Stops counting while the case waits on the customer; the due date is unknown until it resumes. */
export function pauseClock(clock: SlaClock, schedule: BusinessSchedule, now: Date): SlaClock {
  if (clock.clock !== "running") return clock;
  return {
    ...clock,
    clock: "paused",
    elapsed_seconds: elapsedSeconds(clock, schedule, now),
    running_since: null,
    due_at: null,
    warn_at: null,
  };
}

/** Counts again from `now`, moving the due date by the time spent paused. */
export function resumeClock(clock: SlaClock, schedule: BusinessSchedule, now: Date): SlaClock {
  if (clock.clock !== "paused") return clock;
  return run(clock, Number(clock.elapsed_seconds), schedule, now);
}

/**
 * Stops the clock for good (the response was given, the case resolved). `breach` is true
 * when the clock went over its target and no breach was recorded yet, so the caller
 * records it (and fires the event) exactly once.
 */
export function completeClock(
  clock: SlaClock,
  schedule: BusinessSchedule,
  now: Date,
): { clock: SlaClock; breach: boolean } {
  if (clock.clock === "stopped") return { clock, breach: false };
  const elapsed = elapsedSeconds(clock, schedule, now);
  const breach = clock.breached_at === null && elapsed > Number(clock.target_minutes) * 60;
  return {
    clock: {
      ...clock,
      clock: "stopped",
      elapsed_seconds: elapsed,
      running_since: null,
      warn_at: null,
      completed_at: now.toISOString(),
    },
    breach,
  };
}

/** Runs a stopped clock again (a reopened case), keeping the time already counted. */
export function reopenClock(clock: SlaClock, schedule: BusinessSchedule, now: Date): SlaClock {
  if (clock.clock !== "stopped") return clock;
  return run({ ...clock, completed_at: null }, Number(clock.elapsed_seconds), schedule, now);
}

/** Gives an unfinished clock a new target (the case's priority changed), keeping the time counted. */
export function retargetClock(clock: SlaClock, targetMinutes: number, schedule: BusinessSchedule, now: Date): SlaClock {
  if (clock.clock === "stopped") return clock;
  const elapsed = elapsedSeconds(clock, schedule, now);
  const next = { ...clock, target_minutes: targetMinutes, elapsed_seconds: elapsed };
  return clock.clock === "running" ? run(next, elapsed, schedule, now) : next;
}
