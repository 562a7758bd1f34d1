// Code the guide shows outside the visits module itself, kept here so it compiles with the rest.
import { sqliteAdapter } from "@rapport/adapter-sqlite";
import { createCrm, defineModule, type OperationContext } from "@rapport/core";
import { runCompiled } from "@rapport/core/internals";
import { visits } from "./visits-module.js";

export const moduleShape = () =>
  // The shape of a module:
  defineModule({
    name: "visits", // the client's key: crm.as(actor).visits — lowercase letters and digits
    dependsOn: [], // modules that must be present; they are migrated and wired first
    migrations: [], // schema changes, in order
    permissions: {}, // entities' actions and grants to roles
    entities: [], // the record types it owns, so other modules can link to them
    events: {}, // event name → payload type
    hooks: {}, // before-hooks on domain verbs of any module
    jobs: [], // time-based work, run by crm.jobs.runDue()
    client: (ctx) => ({ actor: ctx.actor }), // the public client on every scoped client
    onTenantCreated: async (op) => void op.tenantId, // seeds a new tenant, in its creation transaction
  });

export async function hostUsage() {
  // A host uses the module by passing it in:
  const crm = await createCrm({ adapter: sqliteAdapter({ filename: ":memory:" }), modules: [visits()] });
  await crm.tenants.create({ id: "acme", name: "Acme Ltd" });
  const alice = crm.as({ tenantId: "acme", userId: "alice", roles: ["sales_rep"] });
  const account = await alice.accounts.create({ name: "Globex" });
  const visit = await alice.visits.create({ accountId: account.id, plannedAt: "2026-06-03T10:00:00Z" });
  await alice.visits.checkIn(visit.id); // typed: the client's type flows from the modules given to createCrm
  crm.on("visit.checked_in", (event) => console.log(event.data.accountId)); // and so do the events
  await crm.close();
}

export async function pointsOf(op: OperationContext, accountId: string) {
  // A statement run on every write, compiled once:
  const { rows } = await runCompiled<{ points: number }>(op, "loyalty:points-of", [op.tenantId, accountId], () =>
    op.db
      .selectFrom("loyalty_members")
      .select("points")
      .where("tenant_id", "=", op.tenantId)
      .where("account_id", "=", accountId),
  );
  return rows[0]?.points ?? 0;
}
