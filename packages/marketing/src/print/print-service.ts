import { InvalidTransitionError, type ModuleContext, type OperationContext, parseInput } from "@rapport/core";
import type { ContentErrorReason } from "../content/content-errors.js";
import { LABEL_LAYOUTS } from "./label-layouts.js";
import { labelsHtml, labelsPdf, sheetCount } from "./labels.js";
import { type Letterhead, letterheadOf, setLetterhead } from "./letterhead.js";
import { letterDate, lettersHtml, lettersPdf, mergeLetter } from "./letters.js";
import { parseMergeTemplate } from "./merge-template.js";
import { postalLines } from "./postal-address.js";
import {
  type LabelInput,
  type LetterheadInput,
  type LetterInput,
  labelInputSchema,
  letterInputSchema,
} from "./print-schema.js";
import { loadRecipients, personName } from "./recipients.js";

/** A rendered PDF. */
export interface PdfOutput {
  readonly format: "pdf";
  /** The PDF file's bytes. */
  readonly pdf: Uint8Array;
  /** How many letters or labels it holds. */
  readonly count: number;
}

/** A rendered, print-ready HTML document (UTF-8, every merged value escaped). */
export interface HtmlOutput {
  readonly format: "html";
  readonly html: string;
  /** How many letters or labels it holds. */
  readonly count: number;
}

/** A label run's output, with the number of sheets it fills. */
export type LabelOutput<O extends PdfOutput | HtmlOutput> = O & { readonly sheets: number };

/**
 * `client.marketing.print`: business letters on the tenant's letterhead and mailing labels
 * on standard sheets, mail-merged from contacts, as PDF (fonts embedded, Chinese included) or
 * print-ready HTML. Recipients are read with the actor's scopes and field security.
 */
export interface PrintService {
  /**
   * The tenant's letterhead, or `null` before one is set. Needs `letterhead:read`.
   *
   * @example
   * ```ts
   * const head = await marketer.marketing.print.letterhead();
   * head?.legalName; // "Acme Trading GmbH"
   * ```
   */
  letterhead(): Promise<Letterhead | null>;
  /**
   * Sets the tenant's letterhead: legal name, postal address, optional logo URL (HTML only),
   * email and phone. Needs `letterhead:update`; audited; the same letterhead again writes nothing.
   *
   * @example
   * ```ts
   * await marketer.marketing.print.setLetterhead({
   *   legalName: "Acme Trading GmbH",
   *   address: { line1: "Obere Str. 57", city: "Berlin", postalCode: "12209", country: "DE" },
   * });
   * ```
   */
  setLetterhead(input: LetterheadInput): Promise<Letterhead>;
  /**
   * One letter per recipient, merged from a Liquid template, on the letterhead. The template
   * is parsed and its merge fields checked before anything is read or rendered: a syntax
   * error or an unknown field is a `ValidationError` at `body` or `subject`. A recipient the
   * actor cannot see, without a postal address (theirs or their account's billing address),
   * or — unless `purpose: "service"` — without granted consent to marketing by post, is a
   * `ValidationError` at `recipients[i]` (`details.unprintable` says which and why). Without a letterhead:
   * `InvalidTransitionError` with `details.reason: "letterhead_missing"`.
   *
   * @example
   * ```ts
   * const { pdf } = await marketer.marketing.print.letters({
   *   recipients: [maria.id, wang.id],
   *   subject: "Invitation to our spring fair",
   *   body: "Dear {{ contact.fullName }},\n\nwe would be delighted to welcome {{ account.name }}.\n\nKind regards\n{{ sender.legalName }}",
   *   format: "pdf",
   * });
   * ```
   */
  letters(input: LetterInput & { format: "pdf" }): Promise<PdfOutput>;
  letters(input: LetterInput & { format: "html" }): Promise<HtmlOutput>;
  letters(input: LetterInput): Promise<PdfOutput | HtmlOutput>;
  /**
   * Address labels, one per recipient, on a standard sheet: `"L7163"` (A4, 2 × 7 labels of
   * 99.1 × 38.1 mm) or `"5160"` (US Letter, 3 × 10 labels of 2⅝ × 1 in). Addresses are
   * formatted for the recipient's country (Chinese ones big to small); the country line is
   * written when it differs from the letterhead's. Recipients are checked as for `letters`
   * (consent to marketing by post unless `purpose: "service"`). An unknown layout is a `ValidationError`.
   *
   * @example
   * ```ts
   * const { pdf, sheets } = await marketer.marketing.print.labels({ recipients: ids, layout: "L7163", format: "pdf" });
   * ```
   */
  labels(input: LabelInput & { format: "pdf" }): Promise<LabelOutput<PdfOutput>>;
  labels(input: LabelInput & { format: "html" }): Promise<LabelOutput<HtmlOutput>>;
  labels(input: LabelInput): Promise<LabelOutput<PdfOutput | HtmlOutput>>;
}

async function requireLetterhead(op: OperationContext): Promise<Letterhead> {
  await op.authorize("letterhead:read");
  const letterhead = await letterheadOf(op);
  if (!letterhead)
    throw new InvalidTransitionError(
      "Set the tenant's letterhead (marketing.print.setLetterhead) before printing letters",
      {
        details: { reason: "letterhead_missing" satisfies ContentErrorReason },
      },
    );
  return letterhead;
}

async function printLetters(op: OperationContext, input: unknown): Promise<PdfOutput | HtmlOutput> {
  const parsed = parseInput(letterInputSchema, input);
  // Templates first: a bad template fails before anything is read or rendered.
  const templates = {
    subject: parsed.subject ? parseMergeTemplate(parsed.subject, ["subject"]) : null,
    body: parseMergeTemplate(parsed.body, ["body"]),
  };
  const letterhead = await requireLetterhead(op);
  const recipients = await loadRecipients(op, parsed.recipients, parsed.purpose);
  const date = letterDate(op.now, parsed.language);
  const letters = recipients.map((r) => mergeLetter(templates, r, letterhead, date, parsed.language));
  if (parsed.format === "html")
    return { format: "html", html: lettersHtml(letters, letterhead, parsed.paper), count: letters.length };
  return { format: "pdf", pdf: await lettersPdf(letters, letterhead, parsed.paper, op.now), count: letters.length };
}

async function printLabels(op: OperationContext, input: unknown): Promise<LabelOutput<PdfOutput | HtmlOutput>> {
  const parsed = parseInput(labelInputSchema, input);
  const layout = LABEL_LAYOUTS[parsed.layout];
  const recipients = await loadRecipients(op, parsed.recipients, parsed.purpose);
  // The letterhead only tells the sender's country, so foreign addresses get a country line.
  const fromCountry = (await letterheadOf(op))?.address.country ?? null;
  const addresses = recipients.map((r) =>
    postalLines(
      { name: personName(r.contact, r.address.country === "CN" ? "zh" : "en"), company: r.account?.name ?? null },
      r.address,
      fromCountry,
    ),
  );
  const sheets = sheetCount(layout, addresses.length, parsed.skip);
  if (parsed.format === "html")
    return { format: "html", html: labelsHtml(layout, addresses, parsed.skip), count: addresses.length, sheets };
  return {
    format: "pdf",
    pdf: await labelsPdf(layout, addresses, parsed.skip, op.now),
    count: addresses.length,
    sheets,
  };
}

/** Builds `client.marketing.print`. */
export function createPrintService(ctx: ModuleContext): PrintService {
  return {
    letterhead: () =>
      ctx.read(async (op) => {
        await op.authorize("letterhead:read");
        return letterheadOf(op);
      }),
    setLetterhead: (input) => ctx.run((op) => setLetterhead(op, input)),
    letters: ((input: LetterInput) => ctx.read((op) => printLetters(op, input))) as PrintService["letters"],
    labels: ((input: LabelInput) => ctx.read((op) => printLabels(op, input))) as PrintService["labels"],
  };
}
