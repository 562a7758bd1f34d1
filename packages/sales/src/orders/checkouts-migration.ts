import type { Migration } from "@rapport/core";

/** Web-shop checkouts: one row per idempotency key, naming the order (and won opportunity) it made. */
export const checkoutsMigration: Migration = {
  name: "031_checkouts",
  async up(db) {
    await db.schema
      .createTable("sales_checkouts")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("rapport_tenants.tenant_id"))
      .addColumn("idempotency_key", "text", (c) => c.notNull())
      .addColumn("payload_hash", "text", (c) => c.notNull())
      .addColumn("order_id", "text")
      .addColumn("opportunity_id", "text")
      .addColumn("received_at", "text", (c) => c.notNull())
      .addColumn("actor_id", "text", (c) => c.notNull())
      // Concurrent checkouts with one key race on this key: the loser replays the winner's result.
      .addPrimaryKeyConstraint("sales_checkouts_pk", ["tenant_id", "idempotency_key"])
      .execute();
  },
};
