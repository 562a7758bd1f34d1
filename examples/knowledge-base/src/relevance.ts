import { ValidationError } from "@rapport/core";
import { relatedSlugs, type ServiceClient, type TldrPage } from "@rapport/service";

/** How one adapter ranks the tldr pages; every figure is a share of the queries, 0–1. */
export interface AdapterRelevance {
  readonly adapter: string;
  /** Queries made of each page's title: the page in the top 10, and the mean reciprocal rank (0 when not in the top 10). */
  readonly title: QueryFigures;
  /** Queries made of each page's description line (without its "See also" part). */
  readonly description: QueryFigures;
  /** For each "See also" pair (page → related page), the related page in the top 10 of a query of the page's title. */
  readonly seeAlso: { readonly pairs: number; readonly foundInTop10: number };
  /** A case whose subject is the page's description: the page among the top 5 suggestions. */
  readonly suggestion: { readonly cases: number; readonly hitRateTop5: number };
}

/** Recall@10 and MRR@10 over a set of queries, and how many the search refused (a query with nothing to look for). */
export interface QueryFigures {
  readonly queries: number;
  readonly recallAt10: number;
  readonly mrrAt10: number;
  readonly refused: number;
}

/** What one adapter returned: the top-10 slugs of each title query (for the overlap between adapters). */
export interface AdapterRun {
  readonly figures: AdapterRelevance;
  readonly titleTop10: ReadonlyMap<string, readonly string[]>;
}

/** The top ten slugs a search returns for `query`, or `null` when the search refuses the query. */
async function top10(knowledge: ServiceClient["knowledge"], query: string, slugOf: ReadonlyMap<string, string>) {
  try {
    const page = await knowledge.search({ query, limit: 10 });
    return page.items.map((hit) => slugOf.get(hit.article.id) ?? "?");
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
}

function figuresOf(ranks: readonly (number | null | undefined)[]): QueryFigures {
  const answered = ranks.filter((r) => r !== undefined);
  const found = answered.filter((r): r is number => typeof r === "number");
  return {
    queries: ranks.length,
    recallAt10: found.length / ranks.length,
    mrrAt10: found.reduce((sum, rank) => sum + 1 / rank, 0) / ranks.length,
    refused: ranks.filter((r) => r === undefined).length,
  };
}

/**
 * Measures relevance over imported tldr pages (article ids of `pages[i]` in `ids[i]`) through
 * `knowledge` — the public client of a staff reader — as issue 19, item 5 asks.
 */
export async function measureRelevance(
  adapter: string,
  knowledge: ServiceClient["knowledge"],
  pages: readonly TldrPage[],
  ids: readonly string[],
): Promise<AdapterRun> {
  const slugOf = new Map(ids.map((id, i) => [id, (pages[i] as TldrPage).slug]));
  // Rank 1–10 when found, null when not in the top 10, undefined when the query was refused.
  const titleRanks: (number | null | undefined)[] = [];
  const descriptionRanks: (number | null | undefined)[] = [];
  const titleTop10 = new Map<string, readonly string[]>();
  for (const page of pages) {
    const byTitle = await top10(knowledge, page.title, slugOf);
    if (byTitle) titleTop10.set(page.slug, byTitle);
    titleRanks.push(byTitle === null ? undefined : rankIn(byTitle, page.slug));
    const byDescription = page.description ? await top10(knowledge, page.description, slugOf) : null;
    descriptionRanks.push(byDescription === null ? undefined : rankIn(byDescription, page.slug));
  }
  let pairs = 0;
  let found = 0;
  for (const [slug, related] of relatedSlugs(pages)) {
    const top = titleTop10.get(slug) ?? [];
    for (const other of related) {
      pairs += 1;
      if (top.includes(other)) found += 1;
    }
  }
  let hits = 0;
  let cases = 0;
  for (const [i, page] of pages.entries()) {
    if (!page.description) continue;
    cases += 1;
    const suggested = await knowledge.suggest({ subject: page.description, limit: 5 });
    if (suggested.some((hit) => hit.article.id === ids[i])) hits += 1;
  }
  return {
    figures: {
      adapter,
      title: figuresOf(titleRanks),
      description: figuresOf(descriptionRanks),
      seeAlso: { pairs, foundInTop10: pairs === 0 ? 0 : found / pairs },
      suggestion: { cases, hitRateTop5: cases === 0 ? 0 : hits / cases },
    },
    titleTop10,
  };
}

function rankIn(top: readonly string[], slug: string): number | null {
  const at = top.indexOf(slug);
  return at < 0 ? null : at + 1;
}

/**
 * The mean overlap@10 of two adapters' title queries: for each query both answered with at
 * least one result, the share of the longer top-10 list that both lists hold.
 */
export function overlapAt10(a: AdapterRun, b: AdapterRun): { readonly queries: number; readonly overlap: number } {
  let queries = 0;
  let sum = 0;
  for (const [slug, left] of a.titleTop10) {
    const right = b.titleTop10.get(slug);
    if (!right || (left.length === 0 && right.length === 0)) continue;
    queries += 1;
    const shared = left.filter((s) => right.includes(s)).length;
    sum += shared / Math.max(left.length, right.length);
  }
  return { queries, overlap: queries === 0 ? 0 : sum / queries };
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;

/** The results as a markdown page (`docs/results/knowledge-relevance.md`). */
export function relevanceMarkdown(
  runs: readonly AdapterRelevance[],
  overlap: { readonly queries: number; readonly overlap: number } | null,
  facts: { readonly pages: number; readonly date: string; readonly command: string },
): string {
  const row = (name: string, pick: (r: AdapterRelevance) => string) => `| ${name} | ${runs.map(pick).join(" | ")} |`;
  return [
    "# Knowledge base relevance (issue 19, item 5)",
    "",
    `Measured ${facts.date} over the ${facts.pages} tldr pages (\`tldr_pages_common_en.csv\`, © the tldr-pages`,
    "team and contributors, CC BY 4.0), imported as published articles and searched through",
    "`service.knowledge.search` / `suggest` as a service agent. Written by:",
    "",
    "```sh",
    facts.command,
    "```",
    "",
    `| figure | ${runs.map((r) => r.adapter).join(" | ")} |`,
    `| --- | ${runs.map(() => "---").join(" | ")} |`,
    row("title query: recall@10 of the page", (r) => pct(r.title.recallAt10)),
    row("title query: MRR@10", (r) => r.title.mrrAt10.toFixed(3)),
    row("title queries refused (nothing to look for, e.g. `!`)", (r) => String(r.title.refused)),
    row("description query: recall@10 of the page", (r) => pct(r.description.recallAt10)),
    row("description query: MRR@10", (r) => r.description.mrrAt10.toFixed(3)),
    row("description queries refused", (r) => String(r.description.refused)),
    row('"See also" pairs: related page in the top 10 of the title query', (r) => pct(r.seeAlso.foundInTop10)),
    row('"See also" pairs measured', (r) => String(r.seeAlso.pairs)),
    row("suggestion hit rate (case = description; page in the top 5)", (r) => pct(r.suggestion.hitRateTop5)),
    "",
    overlap
      ? `Overlap@10 of the two adapters' title-query results: ${pct(overlap.overlap)} over ${overlap.queries} queries (shared results / the longer list, averaged).`
      : "Overlap@10: only one adapter ran.",
    "",
    "Queries: the title as typed (`git commit`), and the description line without its",
    '"See also" and "More information" parts — both as user text, so words are ANDed. A',
    "refused query counts as a miss. MRR@10 counts 0 for a page outside the top 10.",
    "",
  ].join("\n");
}
