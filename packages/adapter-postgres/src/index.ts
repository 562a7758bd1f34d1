export { postgresAdapter } from "./postgres-adapter.js";
export type { PostgresAdapterOptions } from "./postgres-adapter.js";
