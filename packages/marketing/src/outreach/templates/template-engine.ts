import { ForbiddenError, ValidationError } from "@rapport/core";
import juice from "juice";
import { Liquid, LiquidError, type Template } from "liquidjs";

/** The contact fields a template may merge, as `{{ contact.firstName }}`. */
export const CONTACT_MERGE_FIELDS = ["firstName", "lastName", "fullName", "title", "email", "language"] as const;
/** A contact merge field. */
export type ContactMergeField = (typeof CONTACT_MERGE_FIELDS)[number];

/**
 * The merge fields every message has besides `contact.*`: the signed one-click unsubscribe
 * link and the recipient's tracking token (for the host's open pixel and click redirect).
 * `data.*` is what the send passes in (`send({ data })`), checked when the send renders.
 */
export const MESSAGE_MERGE_FIELDS = ["unsubscribe_url", "tracking_token"] as const;

/** The parts of a template, as stored. */
export interface TemplateParts {
  readonly subject: string;
  readonly html: string;
  readonly text: string | null;
}

/** One message as rendered for one recipient. */
export interface RenderedParts {
  readonly subject: string;
  /** With its CSS inlined for mail clients. */
  readonly html: string;
  readonly text: string | null;
}

/** What a template is rendered with. */
export interface MergeValues {
  readonly contact: Readonly<Partial<Record<ContactMergeField, string | null>>>;
  readonly unsubscribe_url: string;
  readonly tracking_token: string;
  readonly data: Readonly<Record<string, unknown>>;
}

// Strict: an unknown variable or filter fails. No partials: `include` and `render` find
// nothing (an in-memory, empty template map), so a template never reads the file system.
const common = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  parseLimit: 4_000_000,
  memoryLimit: 64_000_000,
} as const;
const htmlEngine = new Liquid({ ...common, outputEscape: "escape" });
const textEngine = new Liquid(common);

type PartName = keyof TemplateParts;

/** The engine of a part: HTML escapes what it outputs, subject and text do not. */
function engineOf(part: PartName): Liquid {
  return part === "html" ? htmlEngine : textEngine;
}

// Partials would read templates from elsewhere; a template is self-contained.
const PARTIAL_TAG = /\{%-?\s*(include|render|layout)\b/;

function parsePart(part: PartName, source: string, at: readonly PropertyKey[]): Template[] {
  const partial = PARTIAL_TAG.exec(source);
  if (partial) {
    throw ValidationError.forField([...at, part], `Templates cannot use the ${partial[1]} tag`, {
      reason: "template_syntax",
    });
  }
  try {
    return engineOf(part).parse(source);
  } catch (error) {
    throw ValidationError.forField([...at, part], `Template syntax error: ${liquidMessage(error)}`, {
      reason: "template_syntax",
    });
  }
}

function liquidMessage(error: unknown): string {
  if (error instanceof LiquidError) return error.message.split("\n")[0] ?? error.name;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses every part and checks its merge fields: `contact.<field>` with a known field,
 * `unsubscribe_url`, `tracking_token` or `data.<key>`. Throws `ValidationError` at the
 * part's path for a syntax error or an unknown merge field. Returns the contact fields used.
 */
export function checkTemplate(parts: TemplateParts, at: readonly PropertyKey[] = []): Set<ContactMergeField> {
  const used = new Set<ContactMergeField>();
  for (const part of ["subject", "html", "text"] as const) {
    const source = parts[part];
    if (source === null) continue;
    const parsed = parsePart(part, source, at);
    for (const segments of engineOf(part).globalVariableSegmentsSync(parsed)) {
      const path = segments.map(String);
      const [root, key] = path;
      const known =
        (root === "contact" && path.length === 2 && (CONTACT_MERGE_FIELDS as readonly string[]).includes(key ?? "")) ||
        ((MESSAGE_MERGE_FIELDS as readonly string[]).includes(root ?? "") && path.length === 1) ||
        (root === "data" && path.length >= 2);
      if (!known) {
        throw ValidationError.forField([...at, part], `Unknown merge field ${path.join(".")}`, {
          reason: "unknown_merge_field",
          field: path.join("."),
        });
      }
      if (root === "contact") used.add(key as ContactMergeField);
    }
  }
  return used;
}

/**
 * Renders one recipient's message: subject and text as written, HTML with every output
 * escaped (unless a template says `| raw`) and its `<style>` rules inlined by juice. Throws
 * `ValidationError` when a value the template needs is missing (`data.<key>` not given), and
 * `ForbiddenError` when it merges a contact field the sender's roles hide.
 */
export function renderTemplate(
  parts: TemplateParts,
  values: MergeValues,
  used: ReadonlySet<ContactMergeField>,
): RenderedParts {
  for (const field of used) {
    if (!Object.hasOwn(values.contact, field)) {
      throw new ForbiddenError(`The template merges contact.${field}, which your roles hide`, {
        details: { field: `contact.${field}` },
      });
    }
  }
  const render = (part: PartName, source: string): string => {
    try {
      return engineOf(part).parseAndRenderSync(source, values);
    } catch (error) {
      throw ValidationError.forField(["template", part], `Template could not be rendered: ${liquidMessage(error)}`, {
        reason: "template_render",
      });
    }
  };
  return {
    subject: render("subject", parts.subject).trim(),
    html: juice(render("html", parts.html)),
    text: parts.text === null ? null : render("text", parts.text),
  };
}
