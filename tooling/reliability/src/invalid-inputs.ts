import fc from "fast-check";

/** What a field of a public input holds, which decides the wrong values tried for it. */
export type FieldKind =
  | "text"
  | "code"
  | "money"
  | "int"
  | "bool"
  | "custom"
  | "externalIds"
  | "tags"
  | "object"
  | "array";

/** An input shape: a valid example and the kinds of its fields. */
export interface InputShape {
  readonly fields: Readonly<Record<string, FieldKind>>;
  /** Keys without which the input is invalid. */
  readonly required: readonly string[];
  /** Whether an object with no own keys is invalid (true for creates; a patch may be empty). @default true */
  readonly emptyIsInvalid?: boolean;
}

/** One invalid input, with how it was made (for counterexamples). */
export interface InvalidInput {
  readonly how: string;
  readonly value: unknown;
}

/** An object with an own `__proto__` key, as `JSON.parse` of a request body makes it. */
function ownProtoKey(value: unknown): Record<string, unknown> {
  return JSON.parse(`{"__proto__": ${JSON.stringify(value)}}`) as Record<string, unknown>;
}

/** Wrong for every text-like field: not a string, or a string with NUL. */
const wrongText = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.tuple(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 })).map(([a, b]) => `${a}\u0000${b}`),
);

/** Wrong for a code (currency, enum, id, date): wrong type, NUL, or a value no code looks like. */
const wrongCode = fc.oneof(wrongText, fc.constantFrom("", "not a code!", "zzzz-99-99", "ACC_1 OR 1=1", "\u0000"));

const wrongInt = fc.oneof(
  fc.string({ maxLength: 4 }).map((s) => `1${s}`),
  fc.double({ noInteger: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.boolean(),
  fc.constant({}),
  fc.constant([1]),
);

const wrongMoney = fc.oneof(
  wrongInt,
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.constantFrom(2 ** 60, Number.MAX_SAFE_INTEGER + 2),
);

const wrongBool = fc.oneof(fc.constantFrom("true", "false", 1, 0), fc.constant({}), fc.constant([]));

/** Custom values no definition allows: wrong shape, an undefined key, or prototype keys. */
const wrongCustom = fc.oneof(
  fc.constantFrom("x", 1, [], [1, 2]),
  fc.string({ minLength: 1, maxLength: 8 }).map((k) => ({ [`undefined_${k.replace(/\W/g, "_")}`]: 1 })),
  fc.constant(ownProtoKey({ margin: 1 })),
  fc.constantFrom({ constructor: 1 }, { prototype: "x" }, { toString: "x" }),
);

const wrongExternalIds = fc.oneof(
  fc.constantFrom("x", 1, [], [1]),
  fc.constant({ erp: 5 }),
  fc.constant({ erp: "a\u0000b" }),
  fc.constant({ erp: "" }),
  fc.constant(ownProtoKey("ERP-1")),
  fc.constant({ constructor: "ERP-2" }),
);

const wrongTags = fc.oneof(fc.constantFrom("x", 1, {}), fc.constant([1]), fc.constant(["a\u0000"]), fc.constant([{}]));

const wrongObject = fc.oneof(fc.constantFrom("x", 1, true, []), fc.constant({ unknownKey: 1 }));

const wrongArray = fc.oneof(fc.constantFrom("x", 1, true, {}), fc.constant([1]), fc.constant([{ unknownKey: 1 }]));

const WRONG: Record<FieldKind, fc.Arbitrary<unknown>> = {
  text: wrongText,
  code: wrongCode,
  money: wrongMoney,
  int: wrongInt,
  bool: wrongBool,
  custom: wrongCustom,
  externalIds: wrongExternalIds,
  tags: wrongTags,
  object: wrongObject,
  array: wrongArray,
};

/** A key no input schema has, or one of the prototype keys the kernel must refuse. */
const unknownKey = fc.oneof(
  fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .map((k) => `zz${k}`),
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"),
);

/** Not an object at all. */
const notAnObject = fc.constantFrom<unknown>(null, undefined, 42, "input", true, [], [{}]);

/**
 * Invalid variants of `valid`, each wrong in a way its schema forbids: a field of the wrong
 * kind (type, NUL, range, prototype keys), an unknown key, a missing required key, the whole
 * input not being an object, or the valid input placed on the prototype of an empty object.
 */
export function invalidVariants(
  valid: Readonly<Record<string, unknown>>,
  shape: InputShape,
): fc.Arbitrary<InvalidInput> {
  const fieldNames = Object.keys(shape.fields);
  const wrongField = fc.constantFrom(...fieldNames).chain((field) =>
    (WRONG[shape.fields[field] as FieldKind] ?? wrongText).map((bad) => ({
      how: `${field} = ${describe(bad)}`,
      value: withKey(valid, field, bad),
    })),
  );
  const extraKey = fc.tuple(unknownKey, fc.constantFrom<unknown>(1, "x", null, {})).map(([key, bad]) => ({
    how: `extra key ${JSON.stringify(key)}`,
    value: withKey(valid, key, bad),
  }));
  const variants: fc.Arbitrary<InvalidInput>[] = [wrongField, wrongField, extraKey];
  if (shape.required.length > 0) {
    variants.push(
      fc.constantFrom(...shape.required).map((key) => ({
        how: `without ${key}`,
        value: Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key)),
      })),
    );
  }
  if (shape.emptyIsInvalid ?? true) {
    // Every key sits on the prototype: an own-properties reader sees an empty input.
    variants.push(fc.constant({ how: "valid input on the prototype of {}", value: Object.create(valid) }));
  }
  // Leaving out an optional options bag (`undefined`) is valid where an empty input is.
  const notObjects = (shape.emptyIsInvalid ?? true) ? notAnObject : notAnObject.filter((v) => v !== undefined);
  variants.push(notObjects.map((value) => ({ how: `not an object: ${describe(value)}`, value })));
  return fc.oneof(...variants);
}

/** `valid` with `key` set to `value` as an own property (even `__proto__`). */
function withKey(valid: Readonly<Record<string, unknown>>, key: string, value: unknown): Record<string, unknown> {
  const copy = Object.fromEntries(Object.entries(valid));
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A short, exact description of a value for a counterexample (escapes NUL and lone surrogates). */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 160 ? `${text.slice(0, 160)}…` : text;
  } catch {
    return String(value);
  }
}

/** An invalid list query; `mustReject` is false where an empty page is also a right answer. */
export interface InvalidQuery extends InvalidInput {
  readonly mustReject: boolean;
}

const PROTO_NAMES = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"] as const;

/** Cursors no list ever handed out: random text, NUL, lone surrogates, numbers out of range. */
export const foreignCursor = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("\u0000", "-1", "1.5", "9".repeat(40), "eyJpZCI6MX0", "\uD800", "null", "[]"),
);

/**
 * Invalid `list()` options for an entity with the given text and integer fields: unknown or
 * prototype field names, unknown operators, limits out of range, unknown keys (all must be
 * refused), and values of the wrong type or with NUL, and foreign cursors (refused or
 * answered, but never a raw database error).
 */
export function invalidListOptions(fields: {
  readonly text: string;
  readonly int: string;
}): fc.Arbitrary<InvalidQuery> {
  const must = (how: string, value: unknown): InvalidQuery => ({ how, value, mustReject: true });
  const may = (how: string, value: unknown): InvalidQuery => ({ how, value, mustReject: false });
  return fc.oneof(
    fc
      .oneof(
        fc.constantFrom(...PROTO_NAMES),
        fc.string({ minLength: 1, maxLength: 12 }).map((s) => `zz${s}`),
      )
      .chain((field) =>
        fc.constantFrom(
          must(`filter on field ${JSON.stringify(field)}`, { filter: [{ field, op: "eq", value: "x" }] }),
          must(`orderBy field ${JSON.stringify(field)}`, { orderBy: { field, direction: "asc" } }),
        ),
      ),
    fc
      .string({ maxLength: 8 })
      .map((op) => must(`operator ${JSON.stringify(op)}`, { filter: [{ field: fields.text, op, value: "x" }] })),
    fc
      .constantFrom<unknown>(0, 501, 1.5, -1, "10", Number.NaN, null)
      .map((limit) => must(`limit ${describe(limit)}`, { limit })),
    fc.constantFrom("zzExtra", "__proto__", "constructor").map((key) => {
      const options = JSON.parse(`{${JSON.stringify(key)}: 1}`) as Record<string, unknown>;
      return must(`extra key ${key}`, options);
    }),
    fc.constantFrom<unknown>("x", 1, [], true).map((value) => must(`options ${describe(value)}`, value)),
    fc
      .tuple(
        fc.constantFrom("eq", "ne", "lt", "gte", "contains", "startsWith", "in"),
        fc.oneof(
          fc.string({ maxLength: 6 }).map((s) => `${s}\u0000`),
          fc.boolean(),
          fc.string({ minLength: 1, maxLength: 6 }),
          fc.double(),
        ),
        fc.constantFrom(fields.text, fields.int, "createdAt", "version"),
      )
      .map(([op, value, field]) =>
        may(`${field} ${op} ${describe(value)}`, {
          filter: [{ field, op, value: op === "in" ? [value] : value }],
        }),
      ),
    foreignCursor.map((cursor) => may(`cursor ${describe(cursor)}`, { cursor })),
  );
}
