import { ForbiddenError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import { recordEvents, serviceTenant } from "../testing/service-fixtures.js";

describeEachAdapter("service queues", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("seeds a round-robin general queue and a least-loaded complaints queue", async () => {
    const { general, complaints } = await serviceTenant(t);
    expect(general.distribution).toBe("round_robin");
    expect(complaints.distribution).toBe("least_loaded");
  });

  it("hands cases out round robin, skipping members who are away", async () => {
    const { admin } = await serviceTenant(t);
    const queue = await admin.service.queues.create({ name: "Tier 1" });
    for (const userId of ["amy", "bob", "cat"]) await admin.service.queues.addMember(queue.id, { userId });
    const owners: (string | null)[] = [];
    for (let i = 0; i < 4; i++)
      owners.push(
        (await admin.service.cases.create({ subject: `Case ${i}`, channel: "web", queueId: queue.id })).ownerId,
      );
    expect(owners).toEqual(["amy", "bob", "cat", "amy"]);
    await admin.service.queues.setAvailability(queue.id, "bob", false);
    const next = [];
    for (let i = 0; i < 2; i++)
      next.push(
        (await admin.service.cases.create({ subject: `Later ${i}`, channel: "web", queueId: queue.id })).ownerId,
      );
    expect(next).toEqual(["cat", "amy"]);
  });

  it("hands concurrent cases out round robin without giving one turn twice", async () => {
    const { admin } = await serviceTenant(t);
    const queue = await admin.service.queues.create({ name: "Busy" });
    for (const userId of ["amy", "bob", "cat"]) await admin.service.queues.addMember(queue.id, { userId });
    const cases = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        admin.service.cases.create({ subject: `Rush ${i}`, channel: "web", queueId: queue.id }),
      ),
    );
    const perOwner = new Map<string | null, number>();
    for (const c of cases) perOwner.set(c.ownerId, (perOwner.get(c.ownerId) ?? 0) + 1);
    expect(Object.fromEntries(perOwner)).toEqual({ amy: 3, bob: 3, cat: 3 });
  });

  it("hands cases to the least-loaded member, counting only unresolved cases", async () => {
    const { admin } = await serviceTenant(t);
    const queue = await admin.service.queues.create({ name: "Specialists", distribution: "least_loaded" });
    await admin.service.queues.addMember(queue.id, { userId: "amy" });
    await admin.service.queues.addMember(queue.id, { userId: "bob" });
    const a1 = await admin.service.cases.create({ subject: "1", channel: "web", ownerId: "amy" });
    await admin.service.cases.create({ subject: "2", channel: "web", ownerId: "amy" });
    await admin.service.cases.create({ subject: "3", channel: "web", ownerId: "bob" });
    expect((await admin.service.cases.create({ subject: "4", channel: "web", queueId: queue.id })).ownerId).toBe("bob");
    expect((await admin.service.cases.create({ subject: "5", channel: "web", queueId: queue.id })).ownerId).toBe("amy");
    await admin.service.cases.resolve(a1.id);
    const members = await admin.service.queues.members(queue.id);
    expect(members.map((m) => [m.userId, m.openCases])).toEqual([
      ["amy", 2],
      ["bob", 2],
    ]);
  });

  it("leaves cases of a manual queue unassigned, as with a queue nobody is available in", async () => {
    const { admin } = await serviceTenant(t);
    const manual = await admin.service.queues.create({ name: "Pick yourself", distribution: "manual" });
    await admin.service.queues.addMember(manual.id, { userId: "amy" });
    expect(
      (await admin.service.cases.create({ subject: "Waiting", channel: "web", queueId: manual.id })).ownerId,
    ).toBeNull();
    const empty = await admin.service.queues.create({ name: "Empty" });
    expect(
      (await admin.service.cases.create({ subject: "Nobody", channel: "web", queueId: empty.id })).ownerId,
    ).toBeNull();
  });

  it("adds and removes members with events; removing a non-member is NotFoundError", async () => {
    const { tenantId, admin } = await serviceTenant(t);
    const queue = await admin.service.queues.create({ name: "Members" });
    const events = recordEvents(t, ["service_queue.member_added", "service_queue.member_removed"], tenantId);
    expect(await admin.service.queues.addMember(queue.id, { userId: "amy", available: false })).toMatchObject({
      userId: "amy",
      available: false,
      openCases: 0,
    });
    await admin.service.queues.removeMember(queue.id, "amy");
    events.off();
    expect(events.seen.map((e) => e.type)).toEqual(["service_queue.member_added", "service_queue.member_removed"]);
    expect(await admin.service.queues.members(queue.id)).toEqual([]);
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      admin.service.queues.removeMember(queue.id, "amy"),
    );
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it("refuses bad member input and lets only admins manage members", async () => {
    const { tenantId, admin, agent, general } = await serviceTenant(t);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.service.queues.addMember(general.id, { userId: "no spaces" }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        agent("sam").service.queues.addMember(general.id, { userId: "sam" }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await expectNothingWritten(t.adapter, tenantId, () =>
        admin.service.queues.create({ name: "X", distribution: "random" as never }),
      ),
    ).toBeInstanceOf(ValidationError);
  });
});
