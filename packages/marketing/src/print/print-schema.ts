import { addressSchema, idSchema, languageTagSchema, textSchema } from "@rapport/core";
import * as z from "zod";
import { assetUrlSchema } from "../content/content-schema.js";
import { LABEL_LAYOUT_NAMES, LABEL_LAYOUTS, PAPER_SIZES, type PaperSize } from "./label-layouts.js";

/** The most recipients one letter run or label sheet run takes. */
export const PRINT_RECIPIENT_LIMIT = 1_000;

/** The output formats: a PDF (bytes) or a print-ready HTML document. */
export const PRINT_FORMATS = ["pdf", "html"] as const;
/** One of {@link PRINT_FORMATS}. */
export type PrintFormat = (typeof PRINT_FORMATS)[number];

/**
 * Input of `marketing.print.setLetterhead`: the tenant's letterhead. `logoUrl` is used by the
 * HTML output only (the PDF is rendered without fetching anything).
 *
 * @example
 * ```ts
 * await marketer.marketing.print.setLetterhead({
 *   legalName: "Acme Trading GmbH",
 *   address: { line1: "Obere Str. 57", city: "Berlin", postalCode: "12209", country: "DE" },
 *   email: "info@acme.example",
 * });
 * ```
 */
export const letterheadSchema = z
  .object({
    legalName: textSchema().trim().min(1, "Must not be empty").max(200),
    address: addressSchema,
    logoUrl: assetUrlSchema.nullable().optional(),
    email: textSchema().trim().min(1).max(254).nullable().optional(),
    phone: textSchema().trim().min(1).max(64).nullable().optional(),
  })
  .strict();
/** What `marketing.print.setLetterhead` takes. */
export type LetterheadInput = z.input<typeof letterheadSchema>;

/**
 * What the mail is for. `marketing` (the default) goes only to contacts whose consent to
 * marketing by post is granted (`marketing.consents`); `service` mail — about an existing
 * contract, an order, an invoice — is not marketing and is not checked against it.
 */
export const PRINT_PURPOSES = ["marketing", "service"] as const;
/** One of {@link PRINT_PURPOSES}. */
export type PrintPurpose = (typeof PRINT_PURPOSES)[number];

const recipientsSchema = z.array(idSchema("con")).min(1, "Name at least one recipient").max(PRINT_RECIPIENT_LIMIT);

/**
 * Input of `marketing.print.letters`: one letter per recipient (a contact), merged from a
 * Liquid template. Merge fields: `contact.firstName`, `contact.lastName`,
 * `contact.fullName`, `contact.title`, `contact.email`, `account.name`, `address.lines`,
 * `address.text`, `sender.legalName` and `date`. The subject and body are plain text (the
 * HTML output escapes them); a blank line starts a new paragraph.
 *
 * @example
 * ```ts
 * await marketer.marketing.print.letters({
 *   recipients: [maria.id],
 *   subject: "Your invitation",
 *   body: "Dear {{ contact.firstName }},\n\nwe would like to welcome {{ account.name }} …",
 *   format: "pdf",
 * });
 * ```
 */
export const letterInputSchema = z
  .object({
    recipients: recipientsSchema,
    subject: textSchema().max(500).optional(),
    body: textSchema().min(1, "A letter needs a body").max(100_000),
    format: z.enum(PRINT_FORMATS),
    /** @default "marketing" */
    purpose: z.enum(PRINT_PURPOSES).default("marketing"),
    /** Paper size. @default "A4" */
    paper: z.enum(Object.keys(PAPER_SIZES) as [PaperSize, ...PaperSize[]]).default("A4"),
    /** The language the date is written in and the letter is laid out for (`en`, `zh-CN`). @default "en" */
    language: languageTagSchema.default("en"),
  })
  .strict();
/** What `marketing.print.letters` takes. */
export type LetterInput = Omit<z.input<typeof letterInputSchema>, "recipients"> & { recipients: readonly string[] };

/**
 * Input of `marketing.print.labels`: one address label per recipient on a standard sheet.
 * `layout` is `"L7163"` (A4, 2 × 7) or `"5160"` (US Letter, 3 × 10); `skip` leaves that many
 * labels free at the start of the first sheet (a partly used sheet).
 *
 * @example
 * ```ts
 * const sheet = await marketer.marketing.print.labels({ recipients: ids, layout: "L7163", format: "pdf" });
 * ```
 */
export const labelInputSchema = z
  .object({
    recipients: recipientsSchema,
    layout: z.enum(LABEL_LAYOUT_NAMES),
    format: z.enum(PRINT_FORMATS),
    /** @default "marketing" */
    purpose: z.enum(PRINT_PURPOSES).default("marketing"),
    skip: z.number().int().min(0).default(0),
  })
  .strict()
  .superRefine((input, ctx) => {
    const layout = LABEL_LAYOUTS[input.layout];
    if (input.skip >= layout.columns * layout.rows)
      ctx.addIssue({
        code: "custom",
        path: ["skip"],
        message: `A ${layout.name} sheet has ${layout.columns * layout.rows} labels`,
      });
  });
/** What `marketing.print.labels` takes. */
export type LabelInput = Omit<z.input<typeof labelInputSchema>, "recipients"> & { recipients: readonly string[] };
