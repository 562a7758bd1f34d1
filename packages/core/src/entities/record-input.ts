import * as z from "zod";
import { isPlainObject, type Reader, UNSURE } from "../schemas/plain-input.js";
import { customValuesSchema, externalIdsSchema, plainCustomValues, plainExternalIds } from "./base-record.js";
import { plainTags, tagsSchema } from "./record-extensions.js";

/** The input keys every record takes beyond its own fields, all optional, in this order. */
const recordExtensionShape = {
  custom: customValuesSchema.optional(),
  externalIds: externalIdsSchema.optional(),
  tags: tagsSchema.optional(),
};

/** The zod shape of `custom`, `externalIds` and `tags` on a record's input. */
export type RecordExtensionShape = typeof recordExtensionShape;

type ExtensionKey = keyof RecordExtensionShape;

const EXTENSION_KEYS = Object.keys(recordExtensionShape) as ExtensionKey[];

const plainReaders: Readonly<Record<ExtensionKey, Reader<unknown>>> = {
  custom: plainCustomValues,
  externalIds: plainExternalIds,
  tags: plainTags,
};

/**
 * `S` with the optional `custom`, `externalIds` and `tags` keys it does not declare itself:
 * an object schema gets them appended; a transformed object (`object.transform(...)`) gets
 * them on its input side; any other schema is unchanged.
 */
export type WithRecordExtensions<S> =
  S extends z.ZodObject<infer Shape, infer Config>
    ? z.ZodObject<z.core.util.Extend<Shape, Omit<RecordExtensionShape, keyof Shape>>, Config>
    : S extends z.ZodPipe<infer In, infer Out>
      ? In extends z.ZodObject
        ? z.ZodPipe<WithRecordExtensions<In>, Out>
        : S
      : S;

/** The extension keys `schema` lacks, and the object schema that would get them (or `null`). */
function extensible(schema: z.ZodType): { object: z.ZodObject | null; missing: ExtensionKey[] } {
  const object =
    schema instanceof z.ZodObject
      ? schema
      : schema instanceof z.ZodPipe && schema.in instanceof z.ZodObject
        ? schema.in
        : null;
  if (object === null) return { object, missing: [] };
  return { object, missing: EXTENSION_KEYS.filter((key) => !Object.hasOwn(object.shape, key)) };
}

/**
 * Adds the optional `custom`, `externalIds` and `tags` keys to a record's create or patch
 * schema, after its own keys. Keys the schema declares itself are kept as they are; an
 * object keeps its strictness and refinements; `object.transform(fn)` gets the keys on its
 * input, so `fn` receives them. `defineEntity` applies it to every entity's schemas; call
 * it yourself where a verb parses an entity's input with the schema directly.
 *
 * @example
 * ```ts
 * export const createVisitSchema = withRecordExtensions(z.object({ plannedAt: instant }).strict());
 * ```
 */
export function withRecordExtensions<S extends z.ZodType>(schema: S): WithRecordExtensions<S> {
  const { object, missing } = extensible(schema);
  if (object === null || missing.length === 0) return schema as WithRecordExtensions<S>;
  // `extend` keeps the object's catchall (strictness) and its refinements: no key is overwritten.
  const extended = object.extend(Object.fromEntries(missing.map((key) => [key, recordExtensionShape[key]])));
  if (schema instanceof z.ZodPipe)
    return z.pipe(extended as z.ZodType, schema.out as z.ZodType) as unknown as WithRecordExtensions<S>;
  return extended as unknown as WithRecordExtensions<S>;
}

/**
 * A plain reader (see `plain-input.ts`) for the schema {@link withRecordExtensions} makes of
 * `schema`, given `reader` for `schema` itself: it reads the added keys and hands the rest
 * to `reader`. For a transformed schema it leaves any input with an added key to zod, as
 * the transform decides where the keys go.
 */
export function withPlainRecordExtensions(
  schema: z.ZodType,
  reader: Reader<Record<string, unknown>>,
): Reader<Record<string, unknown>> {
  const { object, missing } = extensible(schema);
  if (object === null || missing.length === 0) return reader;
  const added = new Set<string>(missing);
  const appends = schema === object;
  return (value) => {
    if (!isPlainObject(value)) return UNSURE;
    let given = false;
    for (const key of missing) if (Object.hasOwn(value, key)) given = true;
    if (!given) return reader(value);
    if (!appends) return UNSURE;
    const own: Record<string, unknown> = {};
    for (const key in value) if (!added.has(key)) own[key] = value[key];
    const read = reader(own);
    if (read === UNSURE) return UNSURE;
    // zod writes the added keys after the object's own, in the shape's order.
    const output: Record<string, unknown> = { ...read };
    for (const key of missing) {
      const item = value[key];
      if (item === undefined) {
        if (Object.hasOwn(value, key)) output[key] = undefined;
        continue;
      }
      const parsed = item === null ? UNSURE : plainReaders[key](item);
      if (parsed === UNSURE) return UNSURE;
      output[key] = parsed;
    }
    return output;
  };
}
