import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { ImportArticleInput } from "./knowledge-schema.js";
import type { ArticleVisibility } from "./knowledge-vocabulary.js";

/**
 * The credit the tldr-pages licence (CC BY 4.0) asks for, kept on every imported article
 * (`attribution`) beside the page's own URL (`sourceUrl`).
 */
export const TLDR_ATTRIBUTION =
  "From tldr-pages (https://github.com/tldr-pages/tldr), © the tldr-pages team and contributors, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)";

/** One tldr page, as the data set's CSV holds it. */
export interface TldrPage {
  /** Unique name of the page (`git-commit`). */
  readonly slug: string;
  /** The command it documents (`git commit`); not unique across pages. */
  readonly title: string;
  /** The page's description line, without its "See also" and "More information" parts. */
  readonly description: string;
  /** The commands its "See also" line names, as written (`git add`). */
  readonly seeAlso: readonly string[];
  readonly moreInfoUrl: string | null;
  readonly bodyMarkdown: string;
  /** The page's path in the tldr repository (`pages/common/git-commit.md`). */
  readonly sourcePath: string;
}

const COLUMNS = ["slug", "title", "description", "more_info_url", "body_markdown", "source_path"] as const;

/**
 * Parses the tldr-pages CSV (`slug,title,description,more_info_url,body_markdown,source_path`).
 * Throws an `Error` naming the missing columns when the header is not that data set's.
 */
export function parseTldrPages(csv: string): TldrPage[] {
  const records = parse(csv, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const first = records[0];
  const missing = first ? COLUMNS.filter((c) => !Object.hasOwn(first, c)) : [];
  if (missing.length > 0) throw new Error(`Not a tldr-pages CSV: missing columns ${missing.join(", ")}`);
  return records.map((r) => {
    const raw = r.description ?? "";
    const seeAlsoAt = raw.search(/See also:/);
    const seeAlsoText = seeAlsoAt >= 0 ? raw.slice(seeAlsoAt) : "";
    const description = (seeAlsoAt >= 0 ? raw.slice(0, seeAlsoAt) : raw).replace(/More information:.*$/s, "").trim();
    return {
      slug: r.slug ?? "",
      title: r.title ?? "",
      description,
      seeAlso: [...seeAlsoText.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string),
      moreInfoUrl: r.more_info_url ? r.more_info_url : null,
      bodyMarkdown: r.body_markdown ?? "",
      sourcePath: r.source_path ?? "",
    };
  });
}

/** Reads and parses the tldr-pages CSV at `path`. */
export async function loadTldrPages(path: string): Promise<TldrPage[]> {
  return parseTldrPages(await readFile(path, "utf8"));
}

/** Options of {@link tldrPageToArticle}. */
export interface TldrArticleOptions {
  /** The category the pages go in (a published article needs one). */
  readonly categoryId: string;
  /** @default "customer" */
  readonly visibility?: ArticleVisibility;
}

/**
 * The import row of a tldr page: title, description as summary, the markdown as body, the
 * page's URL in the tldr repository as `sourceUrl` and {@link TLDR_ATTRIBUTION}, published.
 */
export function tldrPageToArticle(page: TldrPage, options: TldrArticleOptions): ImportArticleInput {
  return {
    title: page.title,
    summary: page.description,
    body: page.bodyMarkdown,
    format: "markdown",
    language: "en",
    categoryId: options.categoryId,
    visibility: options.visibility ?? "customer",
    sourceUrl: `https://github.com/tldr-pages/tldr/blob/main/${page.sourcePath.split("/").map(encodeURIComponent).join("/")}`,
    attribution: TLDR_ATTRIBUTION,
    status: "published",
  };
}

/**
 * The pages a page's "See also" names, by slug: a name is matched to the page with that
 * title, else to the page whose slug it is with spaces as hyphens. Unmatched names are left out.
 */
export function relatedSlugs(pages: readonly TldrPage[]): Map<string, string[]> {
  const byTitle = new Map<string, string>();
  for (const page of pages) if (!byTitle.has(page.title)) byTitle.set(page.title, page.slug);
  const slugs = new Set(pages.map((p) => p.slug));
  const related = new Map<string, string[]>();
  for (const page of pages) {
    const found = page.seeAlso
      .map((name) => byTitle.get(name) ?? (slugs.has(name.replaceAll(" ", "-")) ? name.replaceAll(" ", "-") : null))
      .filter((slug): slug is string => slug !== null && slug !== page.slug);
    if (found.length > 0) related.set(page.slug, [...new Set(found)]);
  }
  return related;
}
