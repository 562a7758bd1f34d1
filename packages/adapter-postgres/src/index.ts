export type { PostgresAdapterOptions } from "./postgres-adapter.js";
export { postgresAdapter } from "./postgres-adapter.js";
