import type { EntityTables, OperationContext } from "@rapport/core";
import type { Kysely } from "kysely";
import type { articleEntity, feedbackEntity } from "./article-entity.js";
import type { categoryEntity } from "./category-entity.js";

/** `service_knowledge_versions`: the text of each publication of an article. */
export interface ArticleVersionRow {
  tenant_id: string;
  article_id: string;
  number: number;
  title: string;
  summary: string;
  body: string;
  format: string;
  category_id: string | null;
  product_id: string | null;
  language: string;
  visibility: string;
  /** The article record's version this text was published at. */
  record_version: number;
  published_at: string;
  published_by: string;
}

/** `service_knowledge_case_links`: "this article solved that case". */
export interface CaseLinkRow {
  tenant_id: string;
  article_id: string;
  case_id: string;
  linked_by: string;
  linked_at: string;
}

/** `service_knowledge_views`: how often an article was viewed (a counter, not a record change). */
export interface ArticleViewsRow {
  tenant_id: string;
  article_id: string;
  views: number;
}

/** The case columns the knowledge base reads. */
interface CaseColumns {
  tenant_id: string;
  id: string;
  subject: string;
  description: string | null;
  archived_at: string | null;
}

/** The tables the knowledge base's SQL reads: `knowledgeDb(op)`. */
export type KnowledgeTables = EntityTables<typeof articleEntity | typeof categoryEntity | typeof feedbackEntity> & {
  service_knowledge_versions: ArticleVersionRow;
  service_knowledge_case_links: CaseLinkRow;
  service_knowledge_views: ArticleViewsRow;
  service_cases: CaseColumns;
};

/** The operation's transaction (or database, in a read), typed with the knowledge tables. */
export function knowledgeDb(op: OperationContext<KnowledgeTables>): Kysely<KnowledgeTables> {
  return op.db;
}
