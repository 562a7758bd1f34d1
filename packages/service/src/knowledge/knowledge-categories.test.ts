import { ForbiddenError, ValidationError } from "@rapport/core";
import { expectNothingWritten, useTestCrm } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { service } from "../service-module.js";
import type { CategoryNode } from "./category-service.js";
import { knowledgeTenant } from "./knowledge-fixtures.js";

const names = (nodes: readonly CategoryNode[]): unknown =>
  nodes.map((n) => (n.children.length ? [n.category.name, names(n.children)] : n.category.name));

describeEachAdapter("knowledge categories", (target) => {
  const t = useTestCrm({ createAdapter: target.create, dispose: target.dispose, modules: [service()] });

  it("builds a tree, moves a branch and lists it as a tree", async () => {
    const { manager, root } = await knowledgeTenant(t);
    const categories = manager.service.knowledge.categories;
    const hardware = await categories.create({ name: "Hardware", position: 1 });
    const printers = await categories.create({ name: "Printers", parentId: root.id });
    await categories.create({ name: "Laser", parentId: printers.id });
    expect(names(await categories.tree())).toEqual([["Getting started", [["Printers", ["Laser"]]]], "Hardware"]);
    const moved = await categories.move(printers.id, { parentId: hardware.id, expectedVersion: printers.version });
    expect(moved).toMatchObject({ parentId: hardware.id, version: printers.version + 1 });
    expect(names(await categories.tree())).toEqual(["Getting started", ["Hardware", [["Printers", ["Laser"]]]]]);
    const top = await categories.move(printers.id, { parentId: null });
    expect(top.parentId).toBeNull();
  });

  it("refuses a cycle, an unknown parent and itself as parent, and writes nothing", async () => {
    const { tenantId, manager, root } = await knowledgeTenant(t);
    const categories = manager.service.knowledge.categories;
    const child = await categories.create({ name: "Child", parentId: root.id });
    const grandchild = await categories.create({ name: "Grandchild", parentId: child.id });
    for (const parentId of [grandchild.id, child.id, root.id]) {
      const error = await expectNothingWritten(t.adapter, tenantId, () => categories.move(root.id, { parentId }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual(["parentId"]);
    }
    const unknown = `kbc_${"0".repeat(26)}`;
    const error = await expectNothingWritten(t.adapter, tenantId, () =>
      categories.create({ name: "Orphan", parentId: unknown }),
    );
    expect(error).toBeInstanceOf(ValidationError);
  });

  it("lets agents read categories but not change them", async () => {
    const { agent, root, portal } = await knowledgeTenant(t);
    await expect(agent("sam").service.knowledge.categories.create({ name: "Mine" })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect((await agent("sam").service.knowledge.categories.get(root.id)).name).toBe("Getting started");
    expect((await portal.service.knowledge.categories.tree()).map((n) => n.category.id)).toEqual([root.id]);
  });
});
