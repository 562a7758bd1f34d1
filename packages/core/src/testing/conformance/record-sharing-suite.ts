import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import * as z from "zod";
import { defineEntity } from "../../entities/entity-definition.js";
import { createEntityService } from "../../entities/entity-service.js";
import { field } from "../../entities/fields.js";
import { defineModule } from "../../kernel/define-module.js";
import { ForbiddenError } from "../../kernel/errors.js";
import { withRecordColumns } from "../../storage/record-table.js";
import { useTestCrm } from "../test-crm.js";
import type { ConformanceOptions } from "./harness.js";

const dealEntity = defineEntity({
  type: "probe_deal",
  table: "probe_deals",
  idPrefix: "pdeal",
  fields: { name: field.text(), ownerId: field.nullableText() },
  createSchema: z.object({ name: z.string().min(1).max(200) }).strict(),
  patchSchema: z
    .object({ name: z.string().min(1).max(200) })
    .partial()
    .strict(),
  ownerField: "ownerId",
  // Deals are shared per user; a share grants reading, and updating too when it says so.
  sharedWith: (op, action) => {
    if (action !== "read" && action !== "update") return null;
    let query = op.db
      .selectFrom("probe_deal_shares")
      .select("deal_id as id")
      .where("tenant_id", "=", op.tenantId)
      .where("user_id", "=", op.actor.userId);
    if (action === "update") query = query.where("can_update", "=", 1);
    return query;
  },
});

/** A plugin whose records can be shared with users beyond their owner, built only with the public module API. */
const sharingProbe = () =>
  defineModule({
    name: "sharing",
    migrations: [
      {
        name: "001_probe_deals",
        async up(db: Kysely<any>) {
          await withRecordColumns(db.schema.createTable("probe_deals"), "probe_deals")
            .addColumn("name", "text", (c) => c.notNull())
            .addColumn("owner_id", "text")
            .execute();
          await db.schema
            .createTable("probe_deal_shares")
            .addColumn("tenant_id", "text", (c) => c.notNull())
            .addColumn("deal_id", "text", (c) => c.notNull())
            .addColumn("user_id", "text", (c) => c.notNull())
            .addColumn("can_update", "integer", (c) => c.notNull())
            .addPrimaryKeyConstraint("probe_deal_shares_pk", ["tenant_id", "deal_id", "user_id"])
            .execute();
        },
      },
    ],
    entities: [dealEntity],
    permissions: {
      entities: { probe_deal: ["create", "read", "update", "archive"] },
      roles: {
        sales_rep: {
          "probe_deal:create": "own",
          "probe_deal:read": "team",
          "probe_deal:update": "team",
          "probe_deal:archive": "team",
        },
        read_only: { "probe_deal:read": "own" },
      },
    },
    client: (ctx) => ({
      deals: createEntityService(ctx, dealEntity),
      share: (dealId: string, userId: string, canUpdate: boolean) =>
        ctx.run(async (op) => {
          await op.db
            .insertInto("probe_deal_shares")
            .values({ tenant_id: op.tenantId, deal_id: dealId, user_id: userId, can_update: canUpdate ? 1 : 0 })
            .execute();
        }),
    }),
  });

/** Records an entity shares through `sharedWith` count as in the actor's `team` scope — and only there. */
export function recordSharingTests(options: ConformanceOptions): void {
  const h = useTestCrm({ ...options, modules: [sharingProbe()] });

  it("a shared record is readable and listable in team scope, and updatable only where the share allows", async () => {
    const tenantId = await h.tenant();
    const alice = h.as(tenantId, "alice", ["sales_rep"]);
    const bob = h.as(tenantId, "bob", ["sales_rep"]);
    const deal = await alice.sharing.deals.create({ name: "Shared deal" });
    await alice.sharing.deals.create({ name: "Private deal" });
    await expect(bob.sharing.deals.get(deal.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await bob.sharing.deals.list()).items).toEqual([]);
    await alice.sharing.share(deal.id, "bob", false);
    expect((await bob.sharing.deals.get(deal.id)).id).toBe(deal.id);
    expect((await bob.sharing.deals.list()).items.map((d) => d.id)).toEqual([deal.id]);
    await expect(bob.sharing.deals.update(deal.id, { name: "Bob's now" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(bob.sharing.deals.archive(deal.id)).rejects.toBeInstanceOf(ForbiddenError);
    await bob.activities.create({
      kind: "note",
      relatedTo: { type: "probe_deal", id: deal.id },
      subject: "Linked by a sharee",
    });
  });

  it("each sharee's list shows the records shared with them, call after call", async () => {
    const tenantId = await h.tenant();
    const alice = h.as(tenantId, "alice", ["sales_rep"]);
    const forBob = await alice.sharing.deals.create({ name: "For Bob" });
    const forDave = await alice.sharing.deals.create({ name: "For Dave" });
    await alice.sharing.share(forBob.id, "bob", false);
    await alice.sharing.share(forDave.id, "dave", false);
    const listOf = async (userId: string) =>
      (await h.as(tenantId, userId, ["sales_rep"]).sharing.deals.list()).items.map((d) => d.name);
    expect(await listOf("bob")).toEqual(["For Bob"]);
    expect(await listOf("dave")).toEqual(["For Dave"]);
    expect(await listOf("erin")).toEqual([]);
    expect(await listOf("bob")).toEqual(["For Bob"]);
  });

  it("a share with update lets the sharee write; an own-scope role ignores shares", async () => {
    const tenantId = await h.tenant();
    const alice = h.as(tenantId, "alice", ["sales_rep"]);
    const deal = await alice.sharing.deals.create({ name: "Deal" });
    await alice.sharing.share(deal.id, "carl", true);
    const carl = h.as(tenantId, "carl", ["sales_rep"]);
    expect((await carl.sharing.deals.update(deal.id, { name: "Renamed by Carl" })).name).toBe("Renamed by Carl");
    const viewer = h.as(tenantId, "carl", ["read_only"]);
    await expect(viewer.sharing.deals.get(deal.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await viewer.sharing.deals.list()).items).toEqual([]);
  });
}
