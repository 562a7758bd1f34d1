export type { SqliteAdapterOptions } from "./sqlite-adapter.js";
export { sqliteAdapter } from "./sqlite-adapter.js";
