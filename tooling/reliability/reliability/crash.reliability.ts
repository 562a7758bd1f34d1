import { existsSync } from "node:fs";
import { createCrm, type StorageAdapter } from "@rapport/core";
import { sales } from "@rapport/sales";
import { service } from "@rapport/service";
import { adapterTargets } from "@rapport/testkit";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Child, startChild } from "../src/child-process.js";
import { tally } from "../src/figures.js";
import { type ScratchDatabase, scratchDatabase } from "../src/scratch-database.js";

const BATCHES = 30;
const BATCH_SIZE = 50;
const TENANT = "importer";

/** Accounts, their `create` audit entries and their `account.created` events, for one tenant. */
async function accountFigures(adapter: StorageAdapter, tenantId: string, externalPrefix: string) {
  const count = async (query: Promise<{ n: number | string } | undefined>) => Number((await query)?.n ?? 0);
  const accounts = await count(
    adapter.db
      .selectFrom("rapport_external_ids")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("tenant_id", "=", tenantId)
      .where("external_id", "like", `${externalPrefix}%`)
      .executeTakeFirst(),
  );
  const rows = await count(
    adapter.db
      .selectFrom("accounts")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst(),
  );
  const audited = await count(
    adapter.db
      .selectFrom("rapport_audit_log")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("tenant_id", "=", tenantId)
      .where("entity_type", "=", "account")
      .where("action", "=", "create")
      .executeTakeFirst(),
  );
  const events = await count(
    adapter.db
      .selectFrom("rapport_change_feed")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("tenant_id", "=", tenantId)
      .where("type", "=", "account.created")
      .executeTakeFirst(),
  );
  return { accounts, rows, audited, events };
}

function openCrm(adapter: StorageAdapter) {
  return createCrm({ adapter, modules: [sales(), service()] });
}

/** Opens the database in this process (migrating it), runs `fn`, closes. */
async function withCrm<T>(
  db: ScratchDatabase,
  fn: (adapter: StorageAdapter, crm: Awaited<ReturnType<typeof openCrm>>) => Promise<T>,
): Promise<T> {
  const adapter = db.adapter();
  const crm = await openCrm(adapter);
  try {
    return await fn(adapter, crm);
  } finally {
    await crm.close();
  }
}

async function killed(child: Child): Promise<void> {
  child.process.kill("SIGKILL");
  const { signal } = await child.exit;
  expect(signal).toBe("SIGKILL");
}

for (const target of adapterTargets()) {
  describe(`a process killed mid-write leaves a consistent, resumable database [${target.name}]`, () => {
    const db = scratchDatabase(target.name);

    beforeAll(async () => {
      await withCrm(db, (_adapter, crm) => crm.tenants.create({ id: TENANT, name: "Importer" }));
    });
    afterAll(() => db.drop());

    it("SIGKILL during a bulk import: no half batch, counts match audit and feed, a rerun resumes to the exact total", async () => {
      const figure = tally("crash: SIGKILL mid-import, then resume", target.name);
      const env = {
        ...db.env,
        RAPPORT_CHILD_TENANT: TENANT,
        RAPPORT_CHILD_BATCHES: String(BATCHES),
        RAPPORT_CHILD_BATCH_SIZE: String(BATCH_SIZE),
      };
      const first = await startChild("bulk-import", env);
      await first.waitForLine(/^batch 4$/);
      await killed(first);
      const afterCrash = await withCrm(db, (adapter) => accountFigures(adapter, TENANT, "imp-"));
      const consistent = (f: typeof afterCrash) =>
        f.accounts === f.rows && f.rows === f.audited && f.audited === f.events;
      figure.record(
        afterCrash.accounts % BATCH_SIZE === 0,
        `after the kill ${afterCrash.accounts} accounts: a half batch`,
      );
      figure.record(consistent(afterCrash), `after the kill: ${JSON.stringify(afterCrash)}`);
      figure.record(afterCrash.accounts < BATCHES * BATCH_SIZE, "the import finished before it was killed");

      const rerun = await startChild("bulk-import", env);
      const { code, stderr } = await rerun.exit;
      figure.record(code === 0, `the rerun failed (${code}): ${stderr.slice(0, 300)}`);
      const done = await withCrm(db, (adapter) => accountFigures(adapter, TENANT, "imp-"));
      figure.record(
        done.accounts === BATCHES * BATCH_SIZE,
        `the rerun ended at ${done.accounts} accounts, not ${BATCHES * BATCH_SIZE}`,
      );
      figure.record(consistent(done), `after the rerun: ${JSON.stringify(done)}`);
      figure.save();
      expect(figure.violated, figure.report()).toBe(0);
    });

    it("SIGKILL inside a long transaction: none of its writes remain, and the database opens and checks clean", async () => {
      const figure = tally("crash: SIGKILL inside a long transaction", target.name);
      const before = await withCrm(db, (adapter) => accountFigures(adapter, TENANT, "long-"));
      const child = await startChild("long-transaction", {
        ...db.env,
        RAPPORT_CHILD_TENANT: TENANT,
        RAPPORT_CHILD_WRITES: "200",
      });
      await child.waitForLine(/^inside$/);
      await killed(child);
      const file = db.env.RAPPORT_CHILD_SQLITE_FILE;
      if (file !== undefined) {
        // The killed writer's pages were in the write-ahead log, which recovery must discard.
        figure.record(existsSync(`${file}-wal`), "no WAL file was left by the killed writer");
      }
      const after = await withCrm(db, async (adapter) => {
        if (target.name === "sqlite") {
          const { rows } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(adapter.db);
          figure.record(rows[0]?.integrity_check === "ok", `integrity_check: ${JSON.stringify(rows)}`);
        }
        return accountFigures(adapter, TENANT, "long-");
      });
      figure.record(
        after.accounts === before.accounts,
        `${after.accounts - before.accounts} uncommitted accounts remain`,
      );
      figure.record(
        after.rows === before.rows && after.audited === before.audited && after.events === before.events,
        `before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
      );
      // The database takes writes again: the killed writer's lock is gone.
      await withCrm(db, (_adapter, crm) => crm.system(TENANT).accounts.create({ name: "After the crash" })).then(
        () => figure.record(true),
        (error: Error) => figure.record(false, `a write after the crash failed: ${error.message}`),
      );
      figure.save();
      expect(figure.violated, figure.report()).toBe(0);
    });
  });
}
