import { expect, it } from "vitest";
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from "../../kernel/errors.js";
import { expectNothingWritten } from "../snapshot.js";
import { admin, type Harness, rep } from "./harness.js";

/** Activities on any record, task completion and record timelines. */
export function activityTests(h: Harness): void {
  it("activities.create logs a call on an account: defaults, relatedTo, audit and event", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const account = await alice.accounts.create({ name: "Globex" });
    const seen: string[] = [];
    const off = h.crm.on("activity.created", (e) => void seen.push(e.data.id));
    h.clock.set("2026-03-02T11:00:00.000Z");
    const call = await alice.activities.create({
      kind: "call",
      relatedTo: { type: "account", id: account.id },
      subject: "Intro call",
      durationMinutes: 25,
      outcome: "Demo booked",
    });
    off();
    expect(call).toMatchObject({
      kind: "call",
      relatedTo: { type: "account", id: account.id },
      subject: "Intro call",
      body: null,
      ownerId: "alice",
      occurredAt: "2026-03-02T11:00:00.000Z",
      dueAt: null,
      doneAt: null,
      outcome: "Demo booked",
      durationMinutes: 25,
      version: 1,
    });
    expect(call.id.startsWith("act_")).toBe(true);
    expect(call).not.toHaveProperty("relatedType");
    expect(seen).toEqual([call.id]);
    expect(await alice.activities.get(call.id)).toEqual(call);
    const history = await admin(h, tenantId).audit.history("activity", call.id);
    expect(history.items.map((r) => r.action)).toEqual(["create"]);
    const onAccount = await alice.activities.list({ filter: [{ field: "relatedId", op: "eq", value: account.id }] });
    expect(onAccount.items.map((a) => a.id)).toEqual([call.id]);
  });

  it("an activity can link to a plugin's record, and offset timestamps are stored in UTC", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const note = await alice.probe.notes.create({ body: "Plugin record" });
    const email = await alice.activities.create({
      kind: "email",
      relatedTo: { type: "probe_note", id: note.id },
      body: "Sent the price list",
      occurredAt: "2026-03-02T10:30:00+01:00",
    });
    expect(email).toMatchObject({
      relatedTo: { type: "probe_note", id: note.id },
      subject: null,
      occurredAt: "2026-03-02T09:30:00.000Z",
    });
    expect((await alice.activities.timeline({ type: "probe_note", id: note.id })).items.map((a) => a.id)).toEqual([
      email.id,
    ]);
  });

  it("timeline lists newest first, pages with a cursor, and filters by kind", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const account = await alice.accounts.create({ name: "Initech" });
    const other = await alice.accounts.create({ name: "Other" });
    const on = { type: "account", id: account.id };
    const at = (day: number) => `2026-02-${String(day).padStart(2, "0")}T09:00:00.000Z`;
    const created = [];
    for (const [i, kind] of (["call", "email", "meeting", "note", "task"] as const).entries()) {
      created.push(
        await alice.activities.create({ kind, relatedTo: on, subject: `${kind} ${i}`, occurredAt: at(10 + i) }),
      );
    }
    // Same instant as the note: ties go to the newer id.
    const tie = await alice.activities.create({ kind: "note", relatedTo: on, subject: "tie", occurredAt: at(13) });
    await alice.activities.create({ kind: "call", relatedTo: { type: "account", id: other.id }, subject: "elsewhere" });
    const archived = await alice.activities.create({
      kind: "call",
      relatedTo: on,
      subject: "archived",
      occurredAt: at(20),
    });
    await alice.activities.archive(archived.id);

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof alice.activities.timeline>> = await alice.activities.timeline(on, {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      pages.push(page.items.map((a) => a.subject ?? ""));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([
      ["task 4", "tie"],
      ["note 3", "meeting 2"],
      ["email 1", "call 0"],
    ]);
    expect(tie.id > (created[3]?.id ?? "")).toBe(true);
    const calls = await alice.activities.timeline(on, { kinds: ["call", "email"] });
    expect(calls.items.map((a) => a.subject)).toEqual(["email 1", "call 0"]);
  });

  it("an account's timeline includes its child records' activities, within what the actor may read", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const bob = rep(h, tenantId, "bob");
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Umbrella" });
    const aliceNote = await alice.probe.notes.create({ body: "alice's", accountId: account.id });
    const bobNote = await bob.probe.notes.create({ body: "bob's", accountId: account.id });
    const elsewhere = await alice.probe.notes.create({ body: "no account" });
    h.clock.set("2026-03-03T09:00:00.000Z");
    const direct = await alice.activities.create({
      kind: "meeting",
      relatedTo: { type: "account", id: account.id },
      subject: "on the account",
    });
    h.clock.advance({ minutes: 1 });
    const onAliceNote = await alice.activities.create({
      kind: "call",
      relatedTo: { type: "probe_note", id: aliceNote.id },
      subject: "on alice's note",
    });
    h.clock.advance({ minutes: 1 });
    const onBobNote = await bob.activities.create({
      kind: "call",
      relatedTo: { type: "probe_note", id: bobNote.id },
      subject: "on bob's note",
    });
    await alice.activities.create({
      kind: "call",
      relatedTo: { type: "probe_note", id: elsewhere.id },
      subject: "unrelated",
    });
    const on = { type: "account", id: account.id };

    expect((await root.activities.timeline(on)).items.map((a) => a.id)).toEqual([
      onBobNote.id,
      onAliceNote.id,
      direct.id,
    ]);
    // alice reads only her own probe notes, so bob's note (and its activity) stays out of her view.
    expect((await alice.activities.timeline(on)).items.map((a) => a.id)).toEqual([onAliceNote.id, direct.id]);
    expect((await root.activities.timeline(on, { includeChildren: false })).items.map((a) => a.id)).toEqual([
      direct.id,
    ]);
    // A child's own timeline does not climb to its parent.
    expect((await root.activities.timeline({ type: "probe_note", id: bobNote.id })).items.map((a) => a.id)).toEqual([
      onBobNote.id,
    ]);
  });

  it("an account's timeline shows its contacts' activities, newest first", async () => {
    const tenantId = await h.tenant();
    const root = admin(h, tenantId);
    const account = await root.accounts.create({ name: "Initrode" });
    const other = await root.accounts.create({ name: "Elsewhere" });
    const peter = await root.contacts.create({ firstName: "Peter", lastName: "Gibbons", accountId: account.id });
    const stranger = await root.contacts.create({ firstName: "Milton", accountId: other.id });
    h.clock.set("2026-04-01T10:00:00.000Z");
    const onAccount = await root.activities.create({
      kind: "note",
      relatedTo: { type: "account", id: account.id },
      subject: "kick-off",
    });
    h.clock.advance({ minutes: 5 });
    const onPeter = await root.activities.create({
      kind: "call",
      relatedTo: { type: "contact", id: peter.id },
      subject: "called Peter",
    });
    await root.activities.create({
      kind: "call",
      relatedTo: { type: "contact", id: stranger.id },
      subject: "not ours",
    });
    const timeline = await root.activities.timeline({ type: "account", id: account.id });
    expect(timeline.items.map((a) => a.id)).toEqual([onPeter.id, onAccount.id]);
  });

  it("complete marks an activity done once, records the outcome and emits activity.completed", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const account = await alice.accounts.create({ name: "Hooli" });
    const task = await alice.activities.create({
      kind: "task",
      relatedTo: { type: "account", id: account.id },
      subject: "Send contract",
      dueAt: "2026-03-05T17:00:00Z",
    });
    const completed: unknown[] = [];
    const off = h.crm.on("activity.completed", (e) => void completed.push(e.data));
    h.clock.set("2026-03-04T08:00:00.000Z");
    await expect(alice.activities.complete(task.id, { expectedVersion: 7 })).rejects.toBeInstanceOf(ConflictError);
    const done = await alice.activities.complete(task.id, { outcome: "Sent", expectedVersion: 1 });
    off();
    expect(done).toMatchObject({
      doneAt: "2026-03-04T08:00:00.000Z",
      outcome: "Sent",
      version: 2,
      dueAt: "2026-03-05T17:00:00.000Z",
    });
    expect(completed).toEqual([
      { id: task.id, version: 2, kind: "task", relatedTo: { type: "account", id: account.id }, outcome: "Sent" },
    ]);
    // Completing is a verb of its own in the record's history, with the fields it set.
    const history = await admin(h, tenantId).audit.history("activity", task.id);
    expect(history.items.map((r) => r.action)).toEqual(["create", "complete"]);
    expect(history.items[1]?.changes).toEqual({ doneAt: [null, "2026-03-04T08:00:00.000Z"], outcome: [null, "Sent"] });
    expect(await expectNothingWritten(h.adapter, tenantId, () => alice.activities.complete(task.id))).toBeInstanceOf(
      InvalidTransitionError,
    );
    const open = await alice.activities.list({
      filter: [
        { field: "kind", op: "eq", value: "task" },
        { field: "doneAt", op: "isNull", value: true },
      ],
    });
    expect(open.items).toEqual([]);
  });

  it("update can move an activity to another record, which is checked like on create", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const from = await alice.accounts.create({ name: "From" });
    const to = await alice.accounts.create({ name: "To" });
    const note = await alice.activities.create({
      kind: "note",
      relatedTo: { type: "account", id: from.id },
      body: "Moved later",
    });
    const moved = await alice.activities.update(note.id, { relatedTo: { type: "account", id: to.id } });
    expect(moved.relatedTo).toEqual({ type: "account", id: to.id });
    expect((await alice.activities.timeline({ type: "account", id: from.id })).items).toEqual([]);
    expect((await alice.activities.timeline({ type: "account", id: to.id })).items.map((a) => a.id)).toEqual([note.id]);
    const missing = await expectNothingWritten(h.adapter, tenantId, () =>
      alice.activities.update(note.id, { relatedTo: { type: "account", id: "acc_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" } }),
    );
    expect(missing).toBeInstanceOf(NotFoundError);
  });

  it("bad links and bad fields are refused with typed errors and write nothing", async () => {
    const tenantId = await h.tenant();
    const otherTenant = await h.tenant();
    const alice = rep(h, tenantId);
    const account = await alice.accounts.create({ name: "Mine" });
    const foreign = await rep(h, otherTenant).accounts.create({ name: "Theirs" });
    const on = { type: "account", id: account.id };

    const unknownType = await expectNothingWritten(h.adapter, tenantId, () =>
      alice.activities.create({ kind: "call", relatedTo: { type: "spaceship", id: account.id }, subject: "x" }),
    );
    expect(unknownType).toBeInstanceOf(ValidationError);
    expect((unknownType as ValidationError).issues[0]?.path).toEqual(["relatedTo", "type"]);
    const otherTenants = await expectNothingWritten(h.adapter, tenantId, () =>
      alice.activities.create({ kind: "call", relatedTo: { type: "account", id: foreign.id }, subject: "x" }),
    );
    expect(otherTenants).toBeInstanceOf(NotFoundError);
    const wrongPrefix = await expectNothingWritten(h.adapter, tenantId, () =>
      alice.activities.create({
        kind: "call",
        relatedTo: { type: "account", id: "con_01JDQ8Z6X4W3F2R5T7Y9B1N3M5" },
        subject: "x",
      }),
    );
    expect(wrongPrefix).toBeInstanceOf(ValidationError);
    for (const bad of [
      { kind: "fax", relatedTo: on, subject: "x" },
      { kind: "call", relatedTo: on },
      { kind: "call", relatedTo: on, subject: "x", durationMinutes: -5 },
      { kind: "call", relatedTo: on, subject: "x", durationMinutes: 1.5 },
      { kind: "call", relatedTo: on, subject: "x", occurredAt: "yesterday" },
      { kind: "call", relatedTo: on, subject: "x", colour: "red" },
      { kind: "call", relatedTo: on, subject: "nul \u0000 byte" },
    ]) {
      expect(
        await expectNothingWritten(h.adapter, tenantId, () => alice.activities.create(bad as never)),
      ).toBeInstanceOf(ValidationError);
    }
    await expect(alice.activities.timeline({ type: "account", id: foreign.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(alice.activities.timeline({ type: "spaceship", id: account.id })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it("permissions: reps change only their own activities, read_only logs nothing, timelines need read access", async () => {
    const tenantId = await h.tenant();
    const alice = rep(h, tenantId);
    const bob = rep(h, tenantId, "bob");
    const account = await alice.accounts.create({ name: "Shared" });
    const mine = await alice.activities.create({
      kind: "note",
      relatedTo: { type: "account", id: account.id },
      body: "alice's",
    });
    expect((await bob.activities.get(mine.id)).body).toBe("alice's");
    expect(
      await expectNothingWritten(h.adapter, tenantId, () => bob.activities.update(mine.id, { body: "bob was here" })),
    ).toBeInstanceOf(ForbiddenError);
    expect(await expectNothingWritten(h.adapter, tenantId, () => bob.activities.complete(mine.id))).toBeInstanceOf(
      ForbiddenError,
    );
    const readOnly = h.crm.as({ tenantId, userId: "ro", roles: ["read_only"] });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        readOnly.activities.create({ kind: "note", relatedTo: { type: "account", id: account.id }, body: "x" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect((await readOnly.activities.timeline({ type: "account", id: account.id })).items).toHaveLength(1);
    // Logging on a record one may not read is refused: bob cannot read alice's probe note.
    const note = await alice.probe.notes.create({ body: "private" });
    expect(
      await expectNothingWritten(h.adapter, tenantId, () =>
        bob.activities.create({ kind: "call", relatedTo: { type: "probe_note", id: note.id }, subject: "x" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    await expect(bob.activities.timeline({ type: "probe_note", id: note.id })).rejects.toBeInstanceOf(ForbiddenError);
  });
}
