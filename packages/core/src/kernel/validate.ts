import type * as z from "zod";
import { type Reader, safeParsePlain } from "../schemas/plain-input.js";
import { ValidationError } from "./errors.js";

/**
 * Parses `input` with `schema`, throwing {@link ValidationError} with zod's issues on failure.
 * The one place inputs cross from `unknown` into typed values. `plain`, a reader of the
 * schema's plain inputs (see `plain-input.ts`), answers first when given.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, plain?: Reader<unknown>): z.output<S> {
  // A reader answers only with what the schema would: its output is the schema's.
  const result = safeParsePlain(schema, plain as Reader<z.output<S>> | undefined, input);
  if (!result.success) throw new ValidationError(result.error.issues);
  return result.data;
}
