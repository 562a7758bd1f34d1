import { DuplicateError, ValidationError } from "@rapport/core";
import { useTestCrm } from "@rapport/core/testing";
import { expect, it } from "vitest";
import { describeEachAdapter } from "../index.js";

describeEachAdapter("role names under concurrency", (target) => {
  const t = useTestCrm({ createAdapter: () => target.create(), dispose: target.dispose });
  const grants = { "account:read": "all" } as const;

  it("10 concurrent defines of one name make one role; the others get DuplicateError", async () => {
    const tenantId = await t.tenant();
    const root = t.as(tenantId, "root", ["admin"]);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => root.roles.define({ name: "closer", grants })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const error of lost) expect(error).toBeInstanceOf(DuplicateError);
    const roles = (await root.roles.list()).items.filter((r) => r.name === "closer");
    expect(roles).toHaveLength(1);
  });

  it("archiving the role withdraws its grants, and its name may be defined again", async () => {
    const tenantId = await t.tenant();
    const root = t.as(tenantId, "root", ["admin"]);
    await Promise.allSettled(Array.from({ length: 5 }, () => root.roles.define({ name: "auditor", grants })));
    const [role] = (await root.roles.list()).items.filter((r) => r.name === "auditor");
    await root.roles.archive(role?.id ?? "");
    const actor = { tenantId, userId: "u1", roles: ["auditor"] };
    // An actor naming a role the tenant no longer has is refused outright, or granted nothing.
    const allowed = await t.crm.can(actor, "account:read").catch((error: unknown) => {
      if (error instanceof ValidationError) return false;
      throw error;
    });
    expect(allowed).toBe(false);
    const again = await root.roles.define({ name: "auditor", grants });
    expect(again.id).not.toBe(role?.id);
    expect(await t.crm.can(actor, "account:read")).toBe(true);
  });

  it("one createMany naming a role twice is a DuplicateError and writes nothing", async () => {
    const tenantId = await t.tenant();
    const root = t.as(tenantId, "root", ["admin"]);
    await expect(
      root.roles.createMany([
        { name: "twin", grants },
        { name: "twin", grants },
      ]),
    ).rejects.toBeInstanceOf(DuplicateError);
    expect((await root.roles.list({ includeArchived: true })).items).toHaveLength(0);
  });
});
