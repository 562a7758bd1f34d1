/**
 * `@rapport/core/internals`: the performance tools core's own write paths use, for modules
 * and adapters with hot paths of their own — compiled statements reused by shape, multi-row
 * inserts, the direct transaction runner adapters share, and hand-written plain-input
 * readers. They trade convenience for speed and may change between minor versions more
 * readily than the root API.
 *
 * @module
 */
export { sameValue } from "./audit/diff.js";
export { plainExtensionRules, plainFields } from "./schemas/plain-fields.js";
export * as plainInput from "./schemas/plain-input.js";
export type { StatementTarget } from "./storage/compiled-statements.js";
export { insertRows, insertValues, ROWS_PER_INSERT, runCompiled } from "./storage/compiled-statements.js";
export type { DialectParts, DirectTransaction } from "./storage/direct-transaction.js";
export { directTransaction } from "./storage/direct-transaction.js";
