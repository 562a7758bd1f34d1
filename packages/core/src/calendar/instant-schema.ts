import * as z from "zod";

/**
 * A point in time as ISO-8601 with a `Z` or an offset (`2026-03-02T09:00:00+01:00`),
 * normalised to UTC milliseconds (`2026-03-02T08:00:00.000Z`) so stored instants compare
 * correctly as text on every adapter.
 */
export const instantSchema = z.iso.datetime({ offset: true }).transform((text) => new Date(text).toISOString());
