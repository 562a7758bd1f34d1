import * as z from "zod";
import { currencySchema, nameSchema, textSchema } from "../schemas/common-schemas.js";
import { RESERVED_KEYS } from "../schemas/plain-input.js";

/** The kinds of value a custom field holds. */
export const CUSTOM_FIELD_KINDS = ["text", "number", "money", "date", "boolean", "select", "multiselect"] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];

const keySchema = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, "Keys start with a lowercase letter, then letters, digits and _")
  .refine((key) => !RESERVED_KEYS.has(key), "constructor and prototype are reserved keys");
const optionSchema = textSchema().trim().min(1).max(100);

/**
 * Input of `customFields.define`. `options` lists the choices of select and multiselect
 * fields; `currency` is required for money fields (values are minor units of it).
 */
export const defineCustomFieldSchema = z
  .object({
    entityType: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
    key: keySchema,
    label: nameSchema,
    kind: z.enum(CUSTOM_FIELD_KINDS),
    required: z.boolean().default(false),
    defaultValue: z
      .union([textSchema(), z.number(), z.boolean(), z.array(textSchema())])
      .nullable()
      .optional(),
    options: z.array(optionSchema).max(500).optional(),
    currency: currencySchema.optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const choices = value.kind === "select" || value.kind === "multiselect";
    if (choices && (!value.options || value.options.length === 0)) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `A ${value.kind} field needs options` });
    }
    if (!choices && value.options !== undefined) {
      ctx.addIssue({ code: "custom", path: ["options"], message: `Only select and multiselect fields take options` });
    }
    if (value.options && new Set(value.options).size !== value.options.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Options must be unique" });
    }
    if (value.kind === "money" && value.currency === undefined) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "A money field needs a currency" });
    }
    if (value.kind !== "money" && value.currency !== undefined) {
      ctx.addIssue({ code: "custom", path: ["currency"], message: "Only money fields take a currency" });
    }
  });
export type DefineCustomFieldInput = z.input<typeof defineCustomFieldSchema>;

/** Input of `customFields.update`: label, required flag, default and (added) options. Key, kind and entity never change. */
export const updateCustomFieldSchema = z
  .object({
    label: nameSchema,
    required: z.boolean(),
    defaultValue: z.union([textSchema(), z.number(), z.boolean(), z.array(textSchema())]).nullable(),
    options: z.array(optionSchema).max(500),
  })
  .partial()
  .strict();
export type UpdateCustomFieldInput = z.input<typeof updateCustomFieldSchema>;

/** A stored custom field definition, as the validator reads it. */
export interface CustomFieldDefinition {
  readonly key: string;
  readonly kind: CustomFieldKind;
  readonly required: boolean;
  readonly defaultValue: unknown;
  readonly options: readonly string[] | null;
}

/** The zod schema one field's values must satisfy (never null: null is handled by the caller). */
export function valueSchema(field: Pick<CustomFieldDefinition, "kind" | "options">): z.ZodType {
  switch (field.kind) {
    case "text":
      return textSchema().max(100_000);
    case "number":
      return z.number().finite();
    case "money":
      return z
        .number()
        .int("Money is an integer number of minor units")
        .min(-Number.MAX_SAFE_INTEGER)
        .max(Number.MAX_SAFE_INTEGER);
    case "date":
      return z.iso.date();
    case "boolean":
      return z.boolean();
    case "select":
      return z.enum(field.options as [string, ...string[]]);
    case "multiselect":
      return z
        .array(z.enum(field.options as [string, ...string[]]))
        .max(500)
        .refine((values) => new Set(values).size === values.length, "Choices must not repeat");
  }
}
