import type { Kysely } from "kysely";
import type { StorageAdapter } from "./storage-adapter.js";

/**
 * One schema change owned by a module. Migrations run in array order, each once per
 * database, inside a transaction; `name` MUST never change once released.
 */
export interface Migration {
  /** Unique within the module, e.g. `"001_pipelines"`. */
  readonly name: string;
  /** Applies the change. Write it with Kysely's schema builder so it runs on every adapter. */
  up(db: Kysely<any>, adapter: StorageAdapter): Promise<void>;
}
