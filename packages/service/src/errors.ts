import { ValidationError } from "@rapport/core";

/**
 * Why `workOrders.dispatch` refused a technician, in `error.details.reason` of the
 * `ValidationError` it throws (nothing is written):
 *
 * - `missing_skills` — the technician lacks a required skill (`details.missing`);
 * - `outside_working_hours` — the requested slot is not inside one block of their working hours,
 *   or they have no working time at all in the work order's window;
 * - `outside_window` — the requested slot is not inside the work order's time window;
 * - `technician_busy` — the slot overlaps another of their work orders;
 * - `no_free_slot` — they work in the window, but every fitting slot is taken;
 * - `technician_inactive` — the technician is archived or inactive;
 * - `no_available_technician` — no technician qualifies (automatic dispatch).
 */
export const DISPATCH_REFUSALS = [
  "missing_skills",
  "outside_working_hours",
  "outside_window",
  "technician_busy",
  "no_free_slot",
  "technician_inactive",
  "no_available_technician",
] as const;
export type DispatchRefusal = (typeof DISPATCH_REFUSALS)[number];

/** The `ValidationError` of a refused dispatch, with a stable `details.reason`. */
export function dispatchRefused(
  path: readonly PropertyKey[],
  reason: DispatchRefusal,
  message: string,
  details: Record<string, unknown> = {},
): ValidationError {
  return ValidationError.forField(path, message, { reason, ...details });
}

/** Reads the refusal reason of an error `dispatch` threw, or `null` for any other error. */
export function dispatchRefusalOf(error: unknown): DispatchRefusal | null {
  if (!(error instanceof ValidationError)) return null;
  const reason = error.details.reason;
  return typeof reason === "string" && (DISPATCH_REFUSALS as readonly string[]).includes(reason)
    ? (reason as DispatchRefusal)
    : null;
}
