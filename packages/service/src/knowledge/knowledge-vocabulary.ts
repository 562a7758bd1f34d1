/** Where an article is in its review workflow. */
export const ARTICLE_STATUSES = ["draft", "in_review", "published", "archived"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** Who an article is for: agents only, customers (the portal), or partners. */
export const ARTICLE_VISIBILITIES = ["internal", "customer", "partner"] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];

/** How an article's body is written. */
export const ARTICLE_FORMATS = ["markdown", "plain"] as const;
export type ArticleFormat = (typeof ARTICLE_FORMATS)[number];
