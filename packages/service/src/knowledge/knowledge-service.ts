import { createEntityService, type ListOptions, type ModuleContext, type Page, parseInput } from "@rapport/core";
import {
  type ArticleCounts,
  articlesOfCase,
  type CaseArticleLink,
  casesOfArticle,
  countsOf,
  type FeedbackListOptions,
  giveFeedback,
  linkCase,
  listFeedback,
  unlinkCase,
  viewArticle,
} from "./article-engagement.js";
import type { ArticleFeedback, KnowledgeArticle } from "./article-entity.js";
import { articleEntity } from "./article-entity.js";
import { type ImportArticlesOptions, type ImportArticlesResult, importArticles } from "./article-import.js";
import { type ArticleVersion, getArticle, getVersion, listArticles, listVersions } from "./article-reads.js";
import {
  approveArticle,
  archiveArticle,
  rejectArticle,
  reopenArticle,
  submitForReview,
  updateDraft,
  type WorkflowOptions,
} from "./article-workflow.js";
import { type CategoryService, createCategoryService } from "./category-service.js";
import type {
  CreateArticleInput,
  FeedbackInput,
  ImportArticleInput,
  ReviewNoteOptions,
  UpdateArticleInput,
} from "./knowledge-schema.js";
import {
  type ArticleHit,
  type ArticleHitPage,
  type ArticleSearchRequest,
  type SuggestInput,
  searchArticles,
  suggestArticles,
  suggestForCase,
  suggestOptionsSchema,
} from "./knowledge-search.js";

/**
 * `client.service.knowledge`: the knowledge base. Articles are written as drafts, submitted
 * for review and published by a role holding `knowledge_article:approve`; each publication of
 * edited text is a version. Portal readers (`portalActor`) see published articles of their
 * audience only, in every verb.
 */
export interface KnowledgeService {
  /**
   * A new draft article, authored by the actor. Needs `knowledge_article:create`.
   *
   * @example
   * ```ts
   * const draft = await agent.service.knowledge.create({ title: "Reset a password", body: "Open Settings…", categoryId: accounts.id, visibility: "customer" });
   * ```
   */
  create(input: CreateArticleInput): Promise<KnowledgeArticle>;
  /** Changes a draft (`InvalidTransitionError` for an article in another state: `reopen` it first). */
  update(id: string, patch: UpdateArticleInput, options?: WorkflowOptions): Promise<KnowledgeArticle>;
  /** The article, when the actor may read it (`NotFoundError` for a portal reader outside its audience). */
  get(id: string): Promise<KnowledgeArticle>;
  /** A page of the articles the actor may read, with the standard list options. */
  list(options?: ListOptions): Promise<Page<KnowledgeArticle>>;
  /** draft → in_review. Needs `knowledge_article:submit`; a missing category or an empty body is a `ValidationError`. */
  submit(id: string, options?: WorkflowOptions): Promise<KnowledgeArticle>;
  /** in_review → published, writing a version when the text changed. Needs `knowledge_article:approve`. */
  approve(id: string, options?: WorkflowOptions): Promise<KnowledgeArticle>;
  /** in_review → draft, with a note. Needs `knowledge_article:approve`. */
  reject(id: string, options?: ReviewNoteOptions): Promise<KnowledgeArticle>;
  /** draft, in_review or published → archived. Needs `knowledge_article:archive`. */
  archive(id: string, options?: WorkflowOptions): Promise<KnowledgeArticle>;
  /** in_review, published or archived → draft, to edit it again. Needs `knowledge_article:update`. */
  reopen(id: string, options?: WorkflowOptions): Promise<KnowledgeArticle>;
  /** The article's published versions the actor may read, oldest first. */
  versions(id: string): Promise<ArticleVersion[]>;
  /** One published version (`NotFoundError` when there is none the actor may read). */
  version(id: string, number: number): Promise<ArticleVersion>;
  /** "This article solved that case": needs `knowledge_article:link` and the case readable. Idempotent. */
  linkCase(id: string, caseId: string): Promise<CaseArticleLink>;
  /** Removes a case link; `false` when there was none. */
  unlinkCase(id: string, caseId: string): Promise<boolean>;
  /** The readable articles linked to a case, most recently linked first. */
  forCase(caseId: string): Promise<KnowledgeArticle[]>;
  /** The readable cases linked to an article (staff only). */
  casesOf(id: string): Promise<CaseArticleLink[]>;
  /**
   * Helpful or not, with an optional comment, on a published article. Needs
   * `knowledge_article:feedback`. A portal reader's feedback on an unpublished article is a
   * `NotFoundError`, and nothing is written.
   */
  feedback(id: string, input: FeedbackInput): Promise<ArticleFeedback>;
  /** The feedback on an article, newest first. Needs `knowledge_feedback:read` (staff; not the portal). */
  feedbackOf(id: string, options?: FeedbackListOptions): Promise<ArticleFeedback[]>;
  /** Counts a view and returns the article: a counter, not a change (no version, audit or event). */
  view(id: string): Promise<KnowledgeArticle>;
  /** Views, helpful / not helpful and solved cases of an article. */
  counts(id: string): Promise<ArticleCounts>;
  /**
   * Imports articles in batches (one transaction each), published unless a row says
   * `status: "draft"`, calling `onProgress` after each batch commits. Every row is checked
   * first: bad input is a `ValidationError` (paths start with the row's index) and writes nothing.
   *
   * @example
   * ```ts
   * const pages = await loadTldrPages("../shared/data/tldr-pages/tldr_pages_common_en.csv");
   * await admin.service.knowledge.importArticles(pages.map((p) => tldrPageToArticle(p, { categoryId })), { onProgress: console.log });
   * ```
   */
  importArticles(rows: readonly ImportArticleInput[], options?: ImportArticlesOptions): Promise<ImportArticlesResult>;
  /**
   * Full-text search over the articles the actor may read: words (AND), `"phrase"`,
   * `prefix*`, `OR`, `-word` / `NOT word`; English stemming; Chinese and Japanese by
   * character. An empty or operator-only query is a `ValidationError`. A portal reader finds
   * published articles of its audience only, whatever filters it passes.
   *
   * @example
   * ```ts
   * const { items } = await portal.service.knowledge.search({ query: '"reset password" OR login', limit: 10 });
   * items[0]?.snippet; // "…how to <mark>reset</mark> your <mark>password</mark>…"
   * ```
   */
  search(request: ArticleSearchRequest): Promise<ArticleHitPage>;
  /**
   * The top published articles for a new case: the salient terms of its subject and
   * description, OR-ed and ranked by relevance. Portal readers get their audience's articles.
   *
   * @example
   * ```ts
   * const top = await agent.service.knowledge.suggest({ subject: "Printer jams", description: "Paper stuck in tray 2", limit: 5 });
   * ```
   */
  suggest(input: SuggestInput): Promise<ArticleHit[]>;
  /** {@link suggest} from a case the actor may read (its subject and description as they may see them). */
  suggestForCase(caseId: string, options?: { readonly limit?: number }): Promise<ArticleHit[]>;
  /** The category tree. */
  readonly categories: CategoryService;
}

/** Builds `client.service.knowledge`. */
export function createKnowledgeService(ctx: ModuleContext): KnowledgeService {
  let categories: CategoryService | undefined;
  return {
    create: (input) => createEntityService(ctx, articleEntity).create(input),
    update: (id, patch, options = {}) => ctx.run((op) => updateDraft(op, id, patch, options)),
    get: (id) => ctx.read((op) => getArticle(op, id)),
    list: (options = {}) => ctx.read((op) => listArticles(op, options)),
    submit: (id, options = {}) => ctx.run(async (op) => shown(op, await submitForReview(op, id, options))),
    approve: (id, options = {}) => ctx.run(async (op) => shown(op, await approveArticle(op, id, options))),
    reject: (id, options = {}) => ctx.run(async (op) => shown(op, await rejectArticle(op, id, options))),
    archive: (id, options = {}) => ctx.run(async (op) => shown(op, await archiveArticle(op, id, options))),
    reopen: (id, options = {}) => ctx.run(async (op) => shown(op, await reopenArticle(op, id, options))),
    versions: (id) => ctx.read((op) => listVersions(op, id)),
    version: (id, number) => ctx.read((op) => getVersion(op, id, number)),
    linkCase: (id, caseId) => ctx.run((op) => linkCase(op, id, caseId)),
    unlinkCase: (id, caseId) => ctx.run((op) => unlinkCase(op, id, caseId)),
    forCase: (caseId) => ctx.read((op) => articlesOfCase(op, caseId)),
    casesOf: (id) => ctx.read((op) => casesOfArticle(op, id)),
    feedback: (id, input) => ctx.run((op) => giveFeedback(op, id, input)),
    feedbackOf: (id, options = {}) => ctx.read((op) => listFeedback(op, id, options)),
    view: (id) => ctx.run((op) => viewArticle(op, id)),
    counts: (id) => ctx.read((op) => countsOf(op, id)),
    importArticles: (rows, options) => importArticles(ctx, rows, options),
    search: (request) => ctx.read((op) => searchArticles(op, request)),
    suggest: (input) => ctx.read((op) => suggestArticles(op, input)),
    suggestForCase: (caseId, options = {}) =>
      ctx.read((op) => suggestForCase(op, caseId, parseInput(suggestOptionsSchema, options).limit)),
    get categories() {
      categories ??= createCategoryService(ctx);
      return categories;
    },
  };
}

function shown(op: Parameters<Parameters<ModuleContext["run"]>[0]>[0], article: KnowledgeArticle) {
  return op.records(articleEntity).shown(article);
}
