import type { Kysely } from "kysely";
import { expect, it } from "vitest";
import * as z from "zod";
import { createCrm } from "../../crm/create-crm.js";
import type { CoreClient } from "../../crm/scoped-client.js";
import { defineEntity } from "../../entities/entity-definition.js";
import { createEntityService } from "../../entities/entity-service.js";
import { field } from "../../entities/fields.js";
import { eventOf } from "../../events/event-types.js";
import { defineModule } from "../../kernel/define-module.js";
import { ConflictError, CrmError, ForbiddenError, InvalidTransitionError } from "../../kernel/errors.js";
import type { OperationContext } from "../../kernel/operation-context.js";
import { withRecordColumns } from "../../storage/record-table.js";
import { useTestCrm } from "../test-crm.js";
import type { ConformanceOptions } from "./harness.js";

const taskEntity = defineEntity({
  type: "probe_task",
  table: "probe_tasks",
  idPrefix: "ptask",
  fields: {
    title: field.text(),
    status: field.text({ default: "planned" }),
    ownerId: field.nullableText(),
    accountId: field.nullableText(),
    doneAt: field.nullableTimestamp(),
  },
  createSchema: z.object({ title: z.string().min(1).max(200), accountId: z.string().optional() }).strict(),
  patchSchema: z
    .object({ title: z.string().min(1).max(200) })
    .partial()
    .strict(),
  ownerField: "ownerId",
  validate: (next) => {
    if (next.title === "forbidden title") throw new InvalidTransitionError("That title is refused");
  },
});

interface WriteOptions {
  readonly expectedVersion?: number;
}

/** Verbs written only with the record layer, as a plugin author would write them. */
function taskVerbs(op: OperationContext) {
  const tasks = op.records(taskEntity);
  return {
    open: async (title: string, accountId?: string) => {
      await op.authorize("probe_task:create");
      const [task] = await tasks.insert([{ title, status: "planned", accountId: accountId ?? null }], {
        events: (created) => [{ type: "probe_task.opened", data: { id: created.id, title: created.title } }],
      });
      return task as NonNullable<typeof task>;
    },
    rename: async (id: string, title: string, options: WriteOptions = {}) => {
      const before = await tasks.loadForChange(id, { expectedVersion: options.expectedVersion });
      return tasks.change(before, { title }, { action: "rename", validate: true });
    },
    complete: async (id: string, options: WriteOptions = {}) => {
      const before = await tasks.loadForChange(id, { expectedVersion: options.expectedVersion, authorize: "complete" });
      const after = await tasks.transition(before, {
        verb: "complete",
        from: ["planned", "started"],
        to: "done",
        changes: { doneAt: op.timestamp },
        events: (after) => [{ type: "probe_task.completed", data: { id: after.id, version: after.version } }],
      });
      // What a verb returns goes through the actor's field security, as get and list do.
      return tasks.shown(after);
    },
    /** The name of the task's account, read as the system: the caller may not read that account. */
    accountName: async (id: string, privileged: boolean) => {
      const task = await tasks.get(id);
      const reader = privileged ? op.asSystem() : op;
      const accounts = (reader.client() as CoreClient).accounts;
      return (await accounts.get(task.accountId ?? "")).name;
    },
  };
}

const recordLayerProbe = () =>
  defineModule({
    name: "tasks",
    migrations: [
      {
        name: "001_probe_tasks",
        async up(db: Kysely<any>) {
          await withRecordColumns(db.schema.createTable("probe_tasks"), "probe_tasks")
            .addColumn("title", "text", (c) => c.notNull())
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("owner_id", "text")
            .addColumn("account_id", "text")
            .addColumn("done_at", "text")
            .execute();
        },
      },
    ],
    entities: [taskEntity],
    permissions: {
      entities: { probe_task: ["create", "read", "update", "archive", "complete"] },
      roles: { sales_rep: { "probe_task:*": "own" }, admin: { "probe_task:*": "all" } },
    },
    events: {
      "probe_task.completed": eventOf<{ id: string; version: number }>(),
      "probe_task.opened": eventOf<{ id: string; title: string }>(),
    },
    client: (ctx) => ({
      ...createEntityService(ctx, taskEntity),
      open: (title: string, accountId?: string) => ctx.run((op) => taskVerbs(op).open(title, accountId)),
      rename: (id: string, title: string, options?: WriteOptions) =>
        ctx.run((op) => taskVerbs(op).rename(id, title, options)),
      complete: (id: string, options?: WriteOptions) => ctx.run((op) => taskVerbs(op).complete(id, options)),
      accountName: (id: string, privileged: boolean) => ctx.run((op) => taskVerbs(op).accountName(id, privileged)),
    }),
  });

/** The record layer (`op.records(entity)`, `op.asSystem()`), used by a plugin as the built-in modules use it. */
export function recordLayerTests(options: ConformanceOptions): void {
  const h = useTestCrm({ ...options, modules: [recordLayerProbe()] });

  it("calls beside the scoped clients (changes.since, tenants, runDue) fail with a CrmError when the database does", async () => {
    const adapter = await options.createAdapter();
    const crm = await createCrm({ adapter });
    await crm.tenants.create({ id: "lonely", name: "Lonely" });
    await crm.close();
    try {
      for (const call of [
        () => crm.changes.since(),
        () => crm.tenants.list(),
        () => crm.tenants.get("lonely"),
        () => crm.jobs.runDue(),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CrmError);
      }
    } finally {
      await options.dispose?.(adapter);
    }
  });

  const counts = async (tenantId: string) => {
    const db = h.crm.adapter.db;
    const audit = await db
      .selectFrom("rapport_audit_log")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", tenantId)
      .executeTakeFirstOrThrow();
    const feed = await db
      .selectFrom("rapport_change_feed")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("tenant_id", "=", tenantId)
      .executeTakeFirstOrThrow();
    return { audit: Number(audit.n), feed: Number(feed.n) };
  };

  const setup = async () => {
    const tenantId = await h.tenant();
    const alice = h.as(tenantId, "alice", ["sales_rep"]);
    const events: { type: string; data: unknown }[] = [];
    const off = h.crm.on("*", (event) => {
      if (event.tenantId === tenantId) events.push({ type: event.type, data: event.data });
    });
    return { tenantId, alice, events, off };
  };

  it("insert writes the record, one create audit row, the created event and the verb's own events; the owner is the actor", async () => {
    const { tenantId, alice, events, off } = await setup();
    const task = await alice.tasks.open("Call back");
    off();
    expect(task).toMatchObject({ title: "Call back", status: "planned", ownerId: "alice", version: 1 });
    expect(await alice.tasks.get(task.id)).toEqual(task);
    expect(events).toEqual([
      { type: "probe_task.created", data: { id: task.id, version: 1 } },
      { type: "probe_task.opened", data: { id: task.id, title: "Call back" } },
    ]);
    const history = await h.crm.system(tenantId).audit.history("probe_task", task.id);
    expect(history.items.map((entry) => entry.action)).toEqual(["create"]);
    // A new record's audit entry lists what the caller chose, not what Rapport stamps on every record.
    expect(Object.keys(history.items[0]?.changes ?? {})).not.toContain("id");
    expect(Object.keys(history.items[0]?.changes ?? {})).not.toContain("createdAt");
    expect(Object.keys(history.items[0]?.changes ?? {})).toContain("title");
  });

  it("change bumps the version, audits the verb and emits updated with the changed fields", async () => {
    const { tenantId, alice, events, off } = await setup();
    const task = await alice.tasks.open("Draft");
    const renamed = await alice.tasks.rename(task.id, "Final", { expectedVersion: 1 });
    off();
    expect(renamed).toMatchObject({ title: "Final", version: 2, updatedBy: "alice" });
    expect(await alice.tasks.get(task.id)).toEqual(renamed);
    expect(events.at(-1)).toEqual({
      type: "probe_task.updated",
      data: { id: task.id, version: 2, changed: ["title"] },
    });
    const history = await h.crm.system(tenantId).audit.history("probe_task", task.id);
    const rename = history.items.find((entry) => entry.action === "rename");
    expect(rename?.changes).toEqual({ title: ["Draft", "Final"] });
  });

  it("a change that changes nothing writes nothing and emits nothing", async () => {
    const { tenantId, alice, events, off } = await setup();
    const task = await alice.tasks.open("Same");
    const before = await counts(tenantId);
    const eventsBefore = events.length;
    const same = await alice.tasks.rename(task.id, "Same", { expectedVersion: 1 });
    off();
    expect(same).toEqual(task);
    expect(await counts(tenantId)).toEqual(before);
    expect(events.length).toBe(eventsBefore);
  });

  it("update and upsertByExternalId with unchanged values write nothing and emit nothing", async () => {
    const { tenantId, alice, events, off } = await setup();
    const input = { name: "Globex", type: "customer" as const };
    const first = await alice.accounts.upsertByExternalId("erp", "C-1", input);
    const before = await counts(tenantId);
    const eventsBefore = events.length;
    const second = await alice.accounts.upsertByExternalId("erp", "C-1", input);
    const patched = await alice.accounts.update(first.record.id, { name: "Globex" });
    off();
    expect(second).toEqual({ record: first.record, created: false });
    expect(patched).toEqual(first.record);
    expect(await counts(tenantId)).toEqual(before);
    expect(events.length).toBe(eventsBefore);
  });

  it("concurrent createMany batches with overlapping external ids never deadlock: one claims each key, the others get DuplicateError", async () => {
    const { tenantId } = await setup();
    const root = h.as(tenantId, "root", ["admin"]);
    const keys = Array.from({ length: 60 }, (_, i) => `K-${String(i).padStart(3, "0")}`);
    // Each batch names the shared keys in its own order: without ordered claims PostgreSQL deadlocks.
    const batch = (seed: number) => {
      const rotated = [...keys.slice(seed * 10), ...keys.slice(0, seed * 10)];
      return (seed % 2 === 1 ? rotated.reverse() : rotated).map((key) => ({
        name: `Account ${key}`,
        externalIds: { erp: key },
      }));
    };
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((seed) => root.accounts.createMany(batch(seed))));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "DUPLICATE" });
    }
    expect((await root.accounts.list({ limit: 100 })).items).toHaveLength(60);
  });

  it("a stale expectedVersion is a ConflictError and writes nothing", async () => {
    const { tenantId, alice } = await setup();
    const task = await alice.tasks.open("Draft");
    await alice.tasks.rename(task.id, "Second");
    const before = await counts(tenantId);
    await expect(alice.tasks.rename(task.id, "Third", { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    await expect(alice.tasks.complete(task.id, { expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
    expect(await counts(tenantId)).toEqual(before);
    expect((await alice.tasks.get(task.id)).title).toBe("Second");
  });

  it("concurrent changes from one version: one wins, the other gets ConflictError", async () => {
    const { alice } = await setup();
    const task = await alice.tasks.open("Race");
    const results = await Promise.allSettled(
      ["A", "B", "C", "D"].map((title) => alice.tasks.rename(task.id, title, { expectedVersion: 1 })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    for (const failure of lost) expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await alice.tasks.get(task.id)).version).toBe(2);
  });

  it("transition moves the status, audits the verb and emits the verb's own event with the new version", async () => {
    const { tenantId, alice, events, off } = await setup();
    const task = await alice.tasks.open("Ship");
    h.clock.advance({ minutes: 5 });
    const done = await alice.tasks.complete(task.id, { expectedVersion: 1 });
    off();
    expect(done).toMatchObject({ status: "done", version: 2, doneAt: h.clock.now().toISOString() });
    expect(events.slice(-2)).toEqual([
      { type: "probe_task.updated", data: { id: task.id, version: 2, changed: ["status", "doneAt"] } },
      { type: "probe_task.completed", data: { id: task.id, version: 2 } },
    ]);
    const history = await h.crm.system(tenantId).audit.history("probe_task", task.id);
    expect(history.items.map((entry) => entry.action)).toContain("complete");
  });

  it("a transition from a state it does not leave is an InvalidTransitionError naming the allowed states, writing nothing", async () => {
    const { tenantId, alice } = await setup();
    const task = await alice.tasks.open("Twice");
    await alice.tasks.complete(task.id);
    const before = await counts(tenantId);
    const error = await alice.tasks.complete(task.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTransitionError);
    expect((error as InvalidTransitionError).details).toMatchObject({
      verb: "complete",
      state: "done",
      allowed: ["planned", "started"],
    });
    expect(await counts(tenantId)).toEqual(before);
  });

  it("loadForChange refuses an archived record, another owner's record and an unknown id, writing nothing", async () => {
    const { tenantId, alice } = await setup();
    const bob = h.as(tenantId, "bob", ["sales_rep"]);
    const mine = await alice.tasks.open("Mine");
    const archived = await alice.tasks.open("Old");
    await alice.tasks.archive(archived.id);
    const before = await counts(tenantId);
    await expect(alice.tasks.rename(archived.id, "Renamed")).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(bob.tasks.rename(mine.id, "Stolen")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(bob.tasks.complete(mine.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.tasks.rename("ptask_00000000000000000000000000", "Ghost")).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await counts(tenantId)).toEqual(before);
  });

  it("change runs the entity's validate rule when asked and writes nothing when it refuses", async () => {
    const { tenantId, alice } = await setup();
    const task = await alice.tasks.open("Fine");
    const before = await counts(tenantId);
    await expect(alice.tasks.rename(task.id, "forbidden title")).rejects.toBeInstanceOf(InvalidTransitionError);
    expect(await counts(tenantId)).toEqual(before);
  });

  it("shown() leaves out the fields the actor's roles hide from what a verb returns", async () => {
    const { tenantId } = await setup();
    await h.crm.system(tenantId).roles.define({
      name: "task_clerk",
      grants: { "probe_task:*": "own" },
      hiddenFields: { probe_task: ["title"] },
    });
    const clerk = h.as(tenantId, "clerk", ["task_clerk"]);
    const task = await clerk.tasks.open("Secret title");
    const done = await clerk.tasks.complete(task.id);
    expect(done).toMatchObject({ id: task.id, status: "done", version: 2 });
    expect(done).not.toHaveProperty("title");
    expect((await h.crm.system(tenantId).tasks.get(task.id)).title).toBe("Secret title");
  });

  it("op.asSystem() reads a linked record the caller may not read, in the same transaction; without it the read is forbidden", async () => {
    const { tenantId } = await setup();
    // A tenant role that may work its own tasks but read no account at all.
    await h.crm.system(tenantId).roles.define({ name: "task_worker", grants: { "probe_task:*": "own" } });
    const alice = h.as(tenantId, "alice", ["task_worker"]);
    const carol = h.as(tenantId, "carol", ["sales_rep"]);
    const account = await carol.accounts.create({ name: "Carol's account", type: "customer" });
    const task = await alice.tasks.open("About Carol's account", account.id);
    await expect(alice.accounts.get(account.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.tasks.accountName(task.id, false)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await alice.tasks.accountName(task.id, true)).toBe("Carol's account");
  });
}
