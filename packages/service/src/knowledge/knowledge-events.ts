import { eventOf, type RecordEventData, type RecordUpdatedData } from "@rapport/core";

/** `knowledge_article.published`: an article went live; `number` is the version in force. */
export interface ArticlePublishedData {
  readonly id: string;
  readonly version: number;
  readonly number: number;
}

/** `knowledge_article.linked` / `.unlinked`: a case was (un)marked as solved by the article. */
export interface ArticleCaseLinkData {
  readonly id: string;
  readonly caseId: string;
}

/** The knowledge base's events: name → payload. Delivered after commit, also in the change feed. */
export const KNOWLEDGE_EVENTS = {
  "knowledge_article.created": eventOf<RecordEventData>(),
  "knowledge_article.updated": eventOf<RecordUpdatedData>(),
  /** The article's status moved to archived (it leaves every portal result). */
  "knowledge_article.archived": eventOf<RecordUpdatedData>(),
  "knowledge_article.submitted": eventOf<{ id: string; version: number }>(),
  "knowledge_article.published": eventOf<ArticlePublishedData>(),
  "knowledge_article.rejected": eventOf<{ id: string; version: number; note: string | null }>(),
  "knowledge_article.reopened": eventOf<{ id: string; version: number }>(),
  "knowledge_article.linked": eventOf<ArticleCaseLinkData>(),
  "knowledge_article.unlinked": eventOf<ArticleCaseLinkData>(),
  /** Feedback (its own record) on an article. */
  "knowledge_feedback.created": eventOf<RecordEventData>(),
  "knowledge_category.created": eventOf<RecordEventData>(),
  "knowledge_category.updated": eventOf<RecordUpdatedData>(),
  "knowledge_category.archived": eventOf<RecordUpdatedData>(),
};
