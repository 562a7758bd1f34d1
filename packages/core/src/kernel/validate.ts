import type * as z from "zod";
import { ValidationError } from "./errors.js";

/**
 * Parses `input` with `schema`, throwing {@link ValidationError} with zod's issues on failure.
 * The one place inputs cross from `unknown` into typed values.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(result.error.issues);
  return result.data;
}
