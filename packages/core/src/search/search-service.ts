import * as z from "zod";
import type { EntityDefinition } from "../entities/entity-definition.js";
import { ValidationError } from "../kernel/errors.js";
import type { ModuleContext } from "../kernel/module-context.js";
import type { OperationContext } from "../kernel/operation-context.js";
import { parseInput } from "../kernel/validate.js";
import {
  DEFAULT_SEARCH_LIMIT,
  decodeSearchCursor,
  encodeSearchCursor,
  highlightsOf,
  MAX_SEARCH_LIMIT,
  matchingRecords,
  type PreparedSearch,
  prepareSearch,
  type ScoredRow,
} from "./entity-search.js";
import { MAX_QUERY_LENGTH, parseSearchQuery } from "./search-query.js";

/** A search across every searchable record type the actor may read: `client.search(request)`. */
export interface SearchRequest {
  /** What the user typed: words, `"a phrase"`, `prefix*`, `OR`, `-word` / `NOT word`, parentheses. */
  readonly query: string;
  /** Only these record types (`["knowledge_article"]`). @default every searchable type the actor may read */
  readonly types?: readonly string[];
  /** Results per page, 1–100. @default 20 */
  readonly limit?: number;
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | null;
}

/** One result of {@link SearchService}. */
export interface SearchResult {
  /** The record's type (`knowledge_article`). */
  readonly type: string;
  readonly id: string;
  /** The title as HTML with matches in `<mark>`, from fields the actor may see only. */
  readonly title: string;
  /** Up to 200 characters of body text around the first match, as HTML with `<mark>`s. */
  readonly snippet: string;
  /** Relevance, higher is better. */
  readonly score: number;
}

/** A page of {@link SearchResult}s, best first. */
export interface SearchResultPage {
  readonly items: readonly SearchResult[];
  /** Pass as `cursor` for the next page; `null` on the last page. */
  readonly nextCursor: string | null;
}

/**
 * Full-text search across every searchable record type (those whose entity has a `search`
 * option) the actor may read. Each type's records are narrowed to the actor's record scope
 * and matched only in fields the actor may see; titles and snippets come from those fields
 * only. Results are ordered by score, then id, and pages follow each other without gaps
 * or repeats while the data stays put.
 *
 * A query with nothing to look for (empty, only operators or quotes, only exclusions), over
 * 1,000 characters or 32 words, is a `ValidationError` (`VALIDATION_FAILED`, path `query`).
 *
 * @example
 * ```ts
 * const page = await crm.as(actor).search({ query: '"reset password" OR login -admin', limit: 10 });
 * for (const hit of page.items) console.log(hit.type, hit.id, hit.title, hit.snippet);
 * const next = page.nextCursor ? await crm.as(actor).search({ query: "…", cursor: page.nextCursor }) : null;
 * ```
 */
export type SearchService = (request: SearchRequest) => Promise<SearchResultPage>;

/** Validates {@link SearchRequest}. */
export const searchRequestSchema = z
  .object({
    query: z.string().max(MAX_QUERY_LENGTH),
    types: z.array(z.string().max(100)).min(1).max(50).optional(),
    limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional(),
    cursor: z.string().max(200).nullable().optional(),
  })
  .strict();

/** The searchable entity types to search: those named (each must be searchable), or every one the actor may read. */
async function searchedEntities(
  op: OperationContext,
  types: readonly string[] | undefined,
): Promise<EntityDefinition<any, any, any>[]> {
  const searchable = op
    .knownEntityTypes()
    .map((type) => op.entityDefinition(type))
    .filter((definition): definition is EntityDefinition<any, any, any> => definition?.search !== undefined);
  if (types === undefined) {
    const readable: EntityDefinition<any, any, any>[] = [];
    for (const definition of searchable)
      if ((await op.scopeOf(`${definition.type}:read`)) !== null) readable.push(definition);
    return readable;
  }
  return types.map((type, index) => {
    const definition = searchable.find((d) => d.type === type);
    if (!definition) {
      throw ValidationError.forField(
        ["types", index],
        `"${type}" is not a searchable record type; searchable: ${searchable.map((d) => d.type).join(", ") || "none"}`,
      );
    }
    return definition;
  });
}

async function searchAll(op: OperationContext, request: SearchRequest): Promise<SearchResultPage> {
  const input = parseInput(searchRequestSchema, request);
  const expression = parseSearchQuery(input.query);
  const after = input.cursor == null ? undefined : decodeSearchCursor(input.cursor);
  const limit = input.limit ?? DEFAULT_SEARCH_LIMIT;
  const definitions = await searchedEntities(op, input.types);
  const hits: { prepared: PreparedSearch; row: ScoredRow }[] = [];
  for (const definition of definitions) {
    const prepared = await prepareSearch(op, definition, expression);
    if (prepared === null) {
      // A named type still needs read permission, as its own search would.
      await op.ownerScope(`${definition.type}:read`);
      continue;
    }
    for (const row of await matchingRecords(op, prepared, { after, limit: limit + 1 })) hits.push({ prepared, row });
  }
  hits.sort((a, b) => b.row.score - a.row.score || (a.row.record.id < b.row.record.id ? -1 : 1));
  const page = hits.slice(0, limit);
  const items: SearchResult[] = [];
  const highlights = new Map<string, { title: string; snippet: string }>();
  for (const definition of definitions) {
    const ofType = page.filter((hit) => hit.prepared.definition === definition);
    const first = ofType[0];
    if (!first) continue;
    const marked = await highlightsOf(
      op,
      first.prepared,
      ofType.map((hit) => hit.row),
    );
    for (const [id, highlight] of marked) highlights.set(id, highlight);
  }
  for (const { prepared, row } of page) {
    const highlight = highlights.get(row.record.id) ?? { title: "", snippet: "" };
    items.push({ type: prepared.definition.type, id: row.record.id, ...highlight, score: row.score });
  }
  const last = page[page.length - 1];
  const nextCursor =
    hits.length > limit && last ? encodeSearchCursor({ score: last.row.score, id: last.row.record.id }) : null;
  return { items, nextCursor };
}

/** Builds the public search of a scoped client. */
export function createSearchService(ctx: ModuleContext): SearchService {
  return (request) => ctx.read((op) => searchAll(op, request));
}
