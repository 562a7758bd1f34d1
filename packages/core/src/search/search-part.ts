import type { Kysely } from "kysely";
import { defineCorePart } from "../kernel/core-part.js";
import type { StorageAdapter } from "../storage/storage-adapter.js";

/** The search index every searchable entity writes to, made by the adapter (see `SearchDialect.createIndex`). */
export const searchPart = defineCorePart({
  migrations: [
    {
      name: "050_search_index",
      up: (db: Kysely<any>, adapter: StorageAdapter) => adapter.search.createIndex(db),
    },
  ],
  permissions: { entities: {} },
  events: {},
});
