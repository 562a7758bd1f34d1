import {
  defineEntity,
  type EntityRecord,
  field,
  longTextSchema,
  nameSchema,
  textSchema,
  userIdSchema,
} from "@rapport/core";
import * as z from "zod";
import { checkTemplate } from "./template-engine.js";

const templateFields = {
  name: field.text(),
  subject: field.text(),
  html: field.text({ filterable: false, sortable: false }),
  text: field.nullableText({ column: "text_body", filterable: false, sortable: false }),
  ownerId: field.nullableText(),
};

/** A subject line: one line, up to 998 characters (RFC 5322's line limit). */
const subjectSchema = textSchema()
  .trim()
  .min(1, "Must not be empty")
  .max(998)
  .refine((s) => !/[\r\n]/.test(s), "A subject is one line");

const templateInput = {
  name: nameSchema,
  subject: subjectSchema,
  /** The HTML part, Liquid with merge fields; `<style>` rules are inlined when it renders. */
  html: longTextSchema.min(1, "Must not be empty"),
  /** The plain-text part, Liquid too; `null` sends HTML only. */
  text: longTextSchema.min(1).nullable(),
  ownerId: userIdSchema.nullable(),
};

/**
 * Input of `marketing.templates.create`.
 *
 * @example
 * ```ts
 * await marketer.marketing.templates.create({
 *   name: "Spring offer",
 *   subject: "{{ contact.firstName }}, spring is here",
 *   html: "<style>p { color: #333 }</style><p>Hello {{ contact.firstName }}</p><a href=\"{{ unsubscribe_url }}\">Unsubscribe</a>",
 * });
 * ```
 */
export const createTemplateSchema = z
  .object({ ...templateInput, text: templateInput.text.optional(), ownerId: templateInput.ownerId.optional() })
  .strict();
/** Input of `marketing.templates.create`. */
export type CreateTemplateInput = z.input<typeof createTemplateSchema>;

/** Input of `marketing.templates.update`. */
export const updateTemplateSchema = z.object(templateInput).partial().strict();
/** Input of `marketing.templates.update`. */
export type UpdateTemplateInput = z.input<typeof updateTemplateSchema>;

/**
 * An email template: subject, HTML and text parts with Liquid merge fields. Saving checks
 * the syntax and the merge fields (`ValidationError` at the part's path, nothing written).
 */
export const templateEntity = defineEntity({
  type: "email_template",
  table: "marketing_email_templates",
  idPrefix: "etpl",
  fields: templateFields,
  createSchema: createTemplateSchema,
  patchSchema: updateTemplateSchema,
  ownerField: "ownerId",
  validate: (next) => {
    checkTemplate(next);
  },
});

/** An email template as stored and returned. */
export type EmailTemplate = EntityRecord<typeof templateFields>;
