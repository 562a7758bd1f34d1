import { ValidationError } from "@rapport/core";
import { Liquid, type Template } from "liquidjs";
import type { ContentErrorReason } from "../content/content-errors.js";

/** What a letter's template can say, and nothing else: a typo is refused before anything is rendered. */
export const LETTER_MERGE_FIELDS = [
  "contact.firstName",
  "contact.lastName",
  "contact.fullName",
  "contact.title",
  "contact.email",
  "account.name",
  "address.lines",
  "address.text",
  "sender.legalName",
  "date",
] as const;

/** The values one letter is merged with. */
export interface LetterMergeValues {
  readonly contact: {
    readonly firstName: string;
    readonly lastName: string;
    readonly fullName: string;
    readonly title: string;
    readonly email: string;
  };
  readonly account: { readonly name: string };
  readonly address: { readonly lines: readonly string[]; readonly text: string };
  readonly sender: { readonly legalName: string };
  readonly date: string;
}

/** Fields whose values are lists: a template may index them or ask their size (`address.lines.first`). */
const LIST_FIELDS = new Set(["address.lines"]);
const LIST_MEMBERS = /^(first|last|size|\d+)$/;

/** Tags that would read files or other templates: a letter stands alone. */
const FILE_TAGS = ["include", "render", "layout"] as const;

/** A Liquid engine for letters: strict variables and filters, own properties only, no file access. */
function letterEngine(): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    // Plain text in, plain text out (no outputEscape): the HTML writer escapes the merged text as a whole.
    ownPropertyOnly: true,
  });
  for (const name of FILE_TAGS) {
    engine.registerTag(name, {
      parse(token) {
        throw new Error(`{% ${token.name} %} is not available in letters`);
      },
      render() {
        return "";
      },
    });
  }
  return engine;
}

/** A parsed letter template, checked against {@link LETTER_MERGE_FIELDS}. */
export interface MergeTemplate {
  render(values: LetterMergeValues): string;
}

function issueOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/**
 * Parses `source` (at `path` of the input) and checks every merge field it names. A syntax
 * error or an unknown field is a `ValidationError` at `path`, raised before any letter is
 * rendered.
 */
export function parseMergeTemplate(source: string, path: readonly PropertyKey[]): MergeTemplate {
  const engine = letterEngine();
  let template: Template[];
  try {
    template = engine.parse(source);
  } catch (error) {
    throw ValidationError.forField(path, `Template syntax error: ${issueOf(error)}`, {
      reason: "template_syntax" satisfies ContentErrorReason,
    });
  }
  const known = new Set<string>(LETTER_MERGE_FIELDS);
  const unknown: string[] = [];
  for (const segments of engine.globalVariableSegmentsSync(template)) {
    const names = segments.map(String);
    const field = names.slice(0, names[0] === "date" ? 1 : 2).join(".");
    const rest = names.slice(field.split(".").length);
    const ok =
      known.has(field) && (rest.length === 0 || (LIST_FIELDS.has(field) && rest.every((n) => LIST_MEMBERS.test(n))));
    if (!ok) unknown.push(names.join("."));
  }
  if (unknown.length > 0)
    throw ValidationError.forField(
      path,
      `Unknown merge field ${unknown.join(", ")}; use ${LETTER_MERGE_FIELDS.join(", ")}`,
      {
        reason: "unknown_merge_field" satisfies ContentErrorReason,
        fields: unknown,
      },
    );
  return {
    render: (values) => engine.renderSync(template, values) as string,
  };
}
