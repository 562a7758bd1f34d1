import { expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from "../../kernel/errors.js";
import { expectNothingWritten, tenantSnapshot } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

/** Users, teams, the manager line and the `team` record scope. */
export function userTests(h: Harness): void {
  /** Seeds a manager line: maria ← (alice, bob), alice ← carol, carol ← dan. */
  async function seedLine(tenantId: string) {
    const sys = h.crm.system(tenantId);
    await sys.users.upsert({ id: "maria", name: "Maria" });
    await sys.users.upsert({ id: "alice", name: "Alice", managerId: "maria" });
    await sys.users.upsert({ id: "bob", name: "Bob", managerId: "maria" });
    await sys.users.upsert({ id: "carol", name: "Carol", managerId: "alice" });
    await sys.users.upsert({ id: "dan", name: "Dan", managerId: "carol" });
    return sys;
  }

  it("users.upsert creates a profile keyed by the host's id, updates it, and writes nothing when nothing changed", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const events: string[] = [];
    const off = h.crm.on("*", (e) => void (e.type.startsWith("user.") && events.push(e.type)));
    h.clock.set("2026-03-02T10:00:00.000Z");
    const created = await root.users.upsert({
      id: "alice@acme",
      name: " Alice Ng ",
      email: "alice@acme.test",
      territory: "EMEA",
    });
    expect(created).toEqual({
      id: "alice@acme",
      tenantId,
      name: "Alice Ng",
      email: "alice@acme.test",
      active: true,
      managerId: null,
      territory: "EMEA",
      title: null,
      version: 1,
      createdAt: "2026-03-02T10:00:00.000Z",
      updatedAt: "2026-03-02T10:00:00.000Z",
      createdBy: "root",
      updatedBy: "root",
    });
    h.clock.advance({ minutes: 1 });
    const updated = await root.users.upsert({
      id: "alice@acme",
      name: "Alice Ng",
      active: false,
      title: "Account Executive",
    });
    expect(updated).toMatchObject({
      version: 2,
      active: false,
      title: "Account Executive",
      email: "alice@acme.test",
      territory: "EMEA",
    });
    const same = await root.users.upsert({ id: "alice@acme", name: "Alice Ng" });
    expect(same.version).toBe(2);
    const cleared = await root.users.upsert(
      { id: "alice@acme", name: "Alice Ng", territory: null },
      { expectedVersion: 2 },
    );
    expect(cleared).toMatchObject({ version: 3, territory: null });
    await expect(root.users.upsert({ id: "alice@acme", name: "Stale" }, { expectedVersion: 2 })).rejects.toBeInstanceOf(
      ConflictError,
    );
    off();
    expect(events).toEqual(["user.created", "user.updated", "user.updated"]);
    expect(await rep(h, tenantId).users.get("alice@acme")).toEqual(cleared);
    const history = await root.audit.history("user", "alice@acme");
    expect(history.items.map((r) => r.action)).toEqual(["create", "update", "update"]);
    expect(history.items[1]?.changes).toMatchObject({ active: [true, false], title: [null, "Account Executive"] });
  });

  it("users.get of an unknown id throws NotFoundError; list filters and pages", async () => {
    const tenantId = await h.tenant();
    await seedLine(tenantId);
    const alice = rep(h, tenantId);
    await expect(alice.users.get("nobody")).rejects.toBeInstanceOf(NotFoundError);
    const underMaria = await alice.users.list({
      filter: [{ field: "managerId", op: "eq", value: "maria" }],
      orderBy: { field: "id" },
    });
    expect(underMaria.items.map((u) => u.id)).toEqual(["alice", "bob"]);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof alice.users.list>> = await alice.users.list({
        orderBy: { field: "id", direction: "desc" },
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      ids.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual(["maria", "dan", "carol", "bob", "alice"]);
  });

  it("users.reports walks the manager line: direct reports, or everyone below with their depth", async () => {
    const tenantId = await h.tenant();
    const sys = await seedLine(tenantId);
    const alice = rep(h, tenantId);
    expect((await alice.users.reports("maria", { depth: "direct" })).map((u) => u.id)).toEqual(["alice", "bob"]);
    expect((await alice.users.reports("maria")).map((u) => [u.id, u.depth])).toEqual([
      ["alice", 1],
      ["bob", 1],
      ["carol", 2],
      ["dan", 3],
    ]);
    expect((await alice.users.reports("carol")).map((u) => u.id)).toEqual(["dan"]);
    expect(await alice.users.reports("dan")).toEqual([]);
    await expect(alice.users.reports("ghost")).rejects.toBeInstanceOf(NotFoundError);
    await sys.users.upsert({ id: "carol", name: "Carol", active: false });
    expect((await alice.users.reports("alice")).map((u) => u.id)).toEqual(["dan"]);
    expect((await alice.users.reports("alice", { includeInactive: true })).map((u) => u.id)).toEqual(["carol", "dan"]);
  });

  it("a manager line that would loop is refused and writes nothing", async () => {
    const tenantId = await h.tenant();
    const sys = await seedLine(tenantId);
    const loop = await expectNothingWritten(h.adapter, tenantId, () =>
      sys.users.upsert({ id: "maria", name: "Maria", managerId: "dan" }),
    );
    expect(loop).toBeInstanceOf(ValidationError);
    expect((loop as ValidationError).issues[0]?.path).toEqual(["managerId"]);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        sys.users.upsert({ id: "bob", name: "Bob", managerId: "bob" }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        sys.users.upsert({ id: "erin", name: "Erin", managerId: "ghost" }),
      ),
    ).toBeInstanceOf(NotFoundError);
    // Moving carol under bob is fine: bob is not below carol.
    expect((await sys.users.upsert({ id: "carol", name: "Carol", managerId: "bob" })).managerId).toBe("bob");
  });

  it("two concurrent manager changes cannot close a loop between them", async () => {
    const tenantId = await h.tenant();
    const sys = h.crm.system(tenantId);
    await sys.users.upsert({ id: "x", name: "X" });
    await sys.users.upsert({ id: "y", name: "Y" });
    const results = await Promise.allSettled([
      sys.users.upsert({ id: "x", name: "X", managerId: "y" }),
      sys.users.upsert({ id: "y", name: "Y", managerId: "x" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failure = results.find((r) => r.status === "rejected");
    expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(ValidationError);
  });

  it("users.upsert needs user:upsert; bad input is a ValidationError; neither writes", async () => {
    const tenantId = await h.tenant();
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => rep(h, tenantId).users.upsert({ id: "x", name: "X" })),
    ).toBeInstanceOf(ForbiddenError);
    const root = admin(h, tenantId);
    for (const bad of [
      { id: "x", name: "X", nickname: "x" },
      { id: "has space", name: "X" },
      { id: "x", name: "" },
      { id: "x", name: "X", email: "not-an-email" },
    ]) {
      expect(await expectNothingWritten(h.adapter, tenantId, () => root.users.upsert(bad as never))).toBeInstanceOf(
        ValidationError,
      );
    }
    await expect(h.crm.as({ tenantId, userId: "n", roles: [] }).users.list()).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("teams: create, add members with roles, change a role, list members and a user's teams, remove", async () => {
    const tenantId = await h.tenant();
    await seedLine(tenantId);
    const manager = h.crm.as({ tenantId, userId: "maria", roles: ["sales_manager"] });
    const events: { type: string; data: unknown }[] = [];
    const off = h.crm.on("*", (e) => void (e.type.startsWith("team.") && events.push({ type: e.type, data: e.data })));
    const emea = await manager.teams.create({ name: "EMEA" });
    const apac = await manager.teams.create({ name: "APAC" });
    expect(emea).toMatchObject({ name: "EMEA", ownerId: "maria", version: 1 });
    expect(await manager.teams.addMember(emea.id, "alice", { role: "lead" })).toMatchObject({
      teamId: emea.id,
      userId: "alice",
      role: "lead",
      addedAt: h.clock.now().toISOString(),
    });
    await manager.teams.addMember(emea.id, "bob");
    await manager.teams.addMember(apac.id, "alice");
    // The same membership again writes nothing (no row, no version, no event); a new role changes it.
    const rows = await tenantSnapshot(h.adapter, tenantId);
    const seen = events.length;
    await manager.teams.addMember(emea.id, "bob");
    expect(await tenantSnapshot(h.adapter, tenantId)).toEqual(rows);
    expect(events.length).toBe(seen);
    expect((await manager.teams.get(emea.id)).version).toBe(3);
    await manager.teams.addMember(emea.id, "bob", { role: "deputy" });
    expect((await manager.teams.members(emea.id)).map((m) => [m.userId, m.role])).toEqual([
      ["alice", "lead"],
      ["bob", "deputy"],
    ]);
    expect((await rep(h, tenantId).teams.teamsOf("alice")).map((t) => t.name)).toEqual(["APAC", "EMEA"]);
    await manager.teams.removeMember(emea.id, "bob");
    expect((await manager.teams.members(emea.id)).map((m) => m.userId)).toEqual(["alice"]);
    await expect(manager.teams.removeMember(emea.id, "bob")).rejects.toBeInstanceOf(NotFoundError);
    off();
    // Each membership change is a change of the team: its event carries the team's new version.
    expect(events.map((e) => e.type)).toEqual([
      "team.created",
      "team.created",
      "team.member_added",
      "team.member_added",
      "team.member_added",
      "team.member_role_changed",
      "team.member_removed",
    ]);
    expect(events.slice(2).map((e) => e.data)).toEqual([
      { teamId: emea.id, userId: "alice", role: "lead", version: 2 },
      { teamId: emea.id, userId: "bob", role: "member", version: 3 },
      { teamId: apac.id, userId: "alice", role: "member", version: 2 },
      { teamId: emea.id, userId: "bob", role: "deputy", previousRole: "member", version: 4 },
      { teamId: emea.id, userId: "bob", version: 5 },
    ]);
    expect((await manager.teams.get(emea.id)).version).toBe(5);
    const history = await manager.audit.history("team", emea.id);
    expect(history.items.map((r) => r.action)).toEqual([
      "create",
      "add_member",
      "add_member",
      "change_member_role",
      "remove_member",
    ]);
    expect(history.items[3]?.changes).toEqual({ "member:bob": ["member", "deputy"] });
  });

  it("teams refuse unknown users, archived teams and reps without team:update, writing nothing", async () => {
    const tenantId = await h.tenant();
    await seedLine(tenantId);
    const manager = h.crm.as({ tenantId, userId: "maria", roles: ["sales_manager"] });
    const team = await manager.teams.create({ name: "North" });
    await manager.teams.addMember(team.id, "alice");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => manager.teams.addMember(team.id, "ghost")),
    ).toBeInstanceOf(NotFoundError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        manager.teams.addMember(team.id, "bob", { role: "Bad Role" }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        manager.teams.addMember("team_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", "bob"),
      ),
    ).toBeInstanceOf(NotFoundError);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => rep(h, tenantId).teams.addMember(team.id, "bob")),
    ).toBeInstanceOf(ForbiddenError);
    const archived = await manager.teams.archive(team.id);
    expect(archived.archivedAt).not.toBeNull();
    expect(await manager.teams.members(team.id)).toEqual([]);
    expect(await manager.teams.teamsOf("alice")).toEqual([]);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => manager.teams.addMember(team.id, "bob")),
    ).toBeInstanceOf(InvalidTransitionError);
  });

  it("the team scope reaches records of team mates, and stops when the membership ends", async () => {
    const tenantId = await h.tenant();
    await seedLine(tenantId);
    // A tenant role with "team" scope: update team mates' accounts, read team mates' probe notes.
    await admin(h, tenantId).roles.define({
      name: "team_lead",
      grants: {
        "account:read": "all",
        "account:update": "team",
        "probe_note:*": "team",
        "team:*": "all",
        "user:read": "all",
      },
    });
    const maria = h.crm.as({ tenantId, userId: "maria", roles: ["team_lead"] });
    const bob = rep(h, tenantId, "bob");
    const carol = rep(h, tenantId, "carol");
    const bobsAccount = await bob.accounts.create({ name: "Bob's account" });
    const carolsAccount = await carol.accounts.create({ name: "Carol's account" });
    const mine = await maria.probe.notes.create({ body: "maria's" });
    const bobs = await bob.probe.notes.create({ body: "bob's" });
    const carols = await carol.probe.notes.create({ body: "carol's" });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        maria.accounts.update(bobsAccount.id, { industry: "Retail" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    await expect(maria.probe.notes.get(bobs.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await maria.probe.notes.list()).items.map((n) => n.id)).toEqual([mine.id]);

    const team = await maria.teams.create({ name: "Maria's team" });
    await maria.teams.addMember(team.id, "maria", { role: "lead" });
    await maria.teams.addMember(team.id, "bob");
    expect((await maria.accounts.update(bobsAccount.id, { industry: "Retail" })).industry).toBe("Retail");
    expect((await maria.probe.notes.get(bobs.id)).body).toBe("bob's");
    expect((await maria.probe.notes.list()).items.map((n) => n.id)).toEqual([mine.id, bobs.id]);
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        maria.accounts.update(carolsAccount.id, { industry: "Retail" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    await expect(maria.probe.notes.get(carols.id)).rejects.toBeInstanceOf(ForbiddenError);
    // A rep's "own" scope is not widened by sharing a team.
    await expect(bob.probe.notes.get(mine.id)).rejects.toBeInstanceOf(ForbiddenError);

    await maria.teams.removeMember(team.id, "bob");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        maria.accounts.update(bobsAccount.id, { industry: "Energy" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect((await maria.probe.notes.list()).items.map((n) => n.id)).toEqual([mine.id]);
  });
}
