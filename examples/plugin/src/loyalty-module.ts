// The imports a plugin needs: Rapport's kernel, Kysely for its SQL, zod for its inputs.
import {
  CRUD_ACTIONS,
  createEntityService,
  defineEntity,
  defineModule,
  type EntityTables,
  eventOf,
  field,
  idSchema,
  NotFoundError,
  type OperationContext,
  parseInput,
  tablesOf,
  ValidationError,
  withRecordColumns,
  writeOptionsSchema,
} from "@rapport/core";
import * as z from "zod";

// 1. The entity, declared once: its fields are its columns, its schemas its inputs.
const memberFields = {
  accountId: field.text(),
  points: field.integer({ default: 0 }),
  tier: field.text<"bronze" | "silver" | "gold">({ default: "bronze" }),
  lastEarnedAt: field.nullableTimestamp(),
  pointsExpireAt: field.nullableTimestamp(),
  ownerId: field.nullableText(),
};

export const loyaltyMemberEntity = defineEntity({
  type: "loyalty_member",
  table: "loyalty_members",
  idPrefix: "loy",
  fields: memberFields,
  createSchema: z.object({ accountId: idSchema("acc") }).strict(),
  patchSchema: z
    .object({ tier: z.enum(["bronze", "silver", "gold"]) })
    .partial()
    .strict(),
  ownerField: "ownerId",
  // A link named in the input that does not exist is bad input: a ValidationError at its path.
  validate: async (next, before, op) => {
    if (before !== null && before.accountId === next.accountId) return;
    try {
      await op.asSystem().recordRef("account", next.accountId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw ValidationError.forField(["accountId"], `Account ${next.accountId} does not exist`);
    }
  },
});

/** The row types of the module's tables, derived from the entity: no second declaration. */
type LoyaltyDatabase = EntityTables<typeof loyaltyMemberEntity>;

/** Points expire this long after they were last earned. */
const POINTS_LIFETIME_DAYS = 365;

const addPointsSchema = z.object({
  points: z.number().int().min(1).max(1_000_000),
  reason: z.string().min(1).max(200),
});

/** The tier a balance earns. */
function tierOf(points: number): "bronze" | "silver" | "gold" {
  if (points >= 10_000) return "gold";
  if (points >= 1_000) return "silver";
  return "bronze";
}

/**
 * `loyalty.addPoints`: a domain verb on the record layer. The target named by id must
 * exist (`NotFoundError`); the input is parsed (`ValidationError`); the change is one
 * versioned write with its audit row and events.
 */
async function addPoints(
  op: OperationContext,
  id: string,
  input: z.input<typeof addPointsSchema>,
  options: z.input<typeof writeOptionsSchema>,
) {
  const memberId = parseInput(idSchema("loy"), id);
  const { points, reason } = parseInput(addPointsSchema, input);
  const { expectedVersion } = parseInput(writeOptionsSchema, options);
  const members = op.records(loyaltyMemberEntity);
  const before = await members.loadForChange(memberId, { expectedVersion, authorize: "add_points" });
  const balance = before.points + points;
  const expireAt = new Date(op.now.getTime() + POINTS_LIFETIME_DAYS * 86_400_000).toISOString();
  return members.change(
    before,
    { points: balance, tier: tierOf(balance), lastEarnedAt: op.timestamp, pointsExpireAt: expireAt },
    {
      action: "add_points",
      events: (after) => [
        {
          type: "loyalty.points_added",
          data: { id: after.id, accountId: after.accountId, points, balance, reason, version: after.version },
        },
      ],
    },
  );
}

/**
 * The expiry job's work for one member: re-read under the row lock, so two processes running
 * the job at once expire the points once (the second finds nothing left to change).
 */
async function expirePoints(op: OperationContext, id: string): Promise<boolean> {
  const members = op.records(loyaltyMemberEntity);
  const before = await members.loadForChange(id, { authorize: false });
  if (before.points === 0 || before.pointsExpireAt === null || before.pointsExpireAt > op.timestamp) return false;
  await members.change(
    before,
    { points: 0, tier: "bronze", pointsExpireAt: null },
    {
      action: "expire_points",
      events: (after) => [
        { type: "loyalty.points_expired", data: { id: after.id, expired: before.points, version: after.version } },
      ],
    },
  );
  return true;
}

/** Loyalty points on accounts: a plugin written from docs/writing-a-module.md. */
export const loyalty = () =>
  defineModule({
    name: "loyalty",
    // Types op.db in the client, jobs and hooks below: no cast for the module's own tables.
    tables: tablesOf<LoyaltyDatabase>(),
    entities: [loyaltyMemberEntity],

    // 2. The migration creates the table the entity declares (the record columns, then one per field).
    migrations: [
      {
        name: "001_loyalty_members",
        async up(db) {
          await withRecordColumns(db.schema.createTable("loyalty_members"), "loyalty_members")
            .addColumn("account_id", "text", (c) => c.notNull())
            .addColumn("points", "integer", (c) => c.notNull().defaultTo(0))
            .addColumn("tier", "text", (c) => c.notNull().defaultTo("bronze"))
            .addColumn("last_earned_at", "text")
            .addColumn("points_expire_at", "text")
            .addColumn("owner_id", "text")
            .execute();
          await db.schema
            .createIndex("loyalty_members_expiry")
            .on("loyalty_members")
            .columns(["tenant_id", "points_expire_at"])
            .execute();
        },
      },
    ],

    // 3. The permission: the entity's actions plus the verb's own, granted to default roles.
    permissions: {
      entities: { loyalty_member: [...CRUD_ACTIONS, "add_points"] },
      roles: {
        sales_rep: { "loyalty_member:*": "own" },
        sales_manager: { "loyalty_member:*": "all" },
        service_agent: { "loyalty_member:read": "all", "loyalty_member:add_points": "all" },
      },
    },

    // 4. The events, typed for crm.on and the change feed.
    events: {
      "loyalty_member.created": eventOf<{ id: string; version: number }>(),
      "loyalty_member.updated": eventOf<{ id: string; version: number; changed: readonly string[] }>(),
      "loyalty_member.archived": eventOf<{ id: string; version: number; changed: readonly string[] }>(),
      "loyalty.points_added": eventOf<{
        id: string;
        accountId: string;
        points: number;
        balance: number;
        reason: string;
        version: number;
      }>(),
      "loyalty.points_expired": eventOf<{ id: string; expired: number; version: number }>(),
    },

    // 5. The job: crm.jobs.runDue() expires points whose time has come, once each.
    jobs: [
      {
        name: "loyalty.expire_points",
        async run(ctx) {
          let expired = 0;
          for (const tenantId of await ctx.tenantIds()) {
            const due = await ctx.run(tenantId, async (op) => {
              const rows = await op.db
                .selectFrom("loyalty_members")
                .select("id")
                .where("tenant_id", "=", tenantId)
                .where("points_expire_at", "<=", op.timestamp)
                .where("points", ">", 0)
                .where("archived_at", "is", null)
                .execute();
              return rows.map((row) => row.id);
            });
            // One transaction per member: a failure leaves the others expired.
            for (const id of due) if (await ctx.run(tenantId, (op) => expirePoints(op, id))) expired += 1;
          }
          return expired;
        },
      },
    ],

    // 6. The client: the standard service plus the domain verb.
    client: (ctx) => ({
      ...createEntityService(ctx, loyaltyMemberEntity),
      addPoints: (
        id: string,
        input: z.input<typeof addPointsSchema>,
        options: z.input<typeof writeOptionsSchema> = {},
      ) => ctx.run((op) => addPoints(op, id, input, options)),
    }),
  });
