/**
 * How an entity opts in to full-text search: the `search` option of `defineEntity`.
 * Records of such an entity are indexed in the same transaction as every write of the
 * record layer and the generic service (create, createMany, update, upsert, archive,
 * restore, verbs' changes and transitions); archived records leave the index.
 *
 * @example
 * ```ts
 * search: { title: "title", body: ["summary", "body"], filters: ["status", "categoryId", "language"] }
 * ```
 */
export interface EntitySearchOptions<Field extends string = string> {
  /** A text field: weighted highest, returned highlighted as each result's `title`. */
  readonly title: Field;
  /** Up to three more text fields, indexed and matched, and the source of each result's `snippet`. @default [] */
  readonly body?: readonly Field[];
  /**
   * Fields a search may filter on, by one value or a list of values (`IN`): `filters` of
   * `op.search`. They are read from the entity's table, so any filterable field works.
   * @default []
   */
  readonly filters?: readonly Field[];
}
