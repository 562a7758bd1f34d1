import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@rapport/core";
import { expectNothingWritten } from "@rapport/core/testing";
import { describeEachAdapter } from "@rapport/testkit";
import { expect, it } from "vitest";
import { anAccount, salesTenant, useSalesCrm } from "../test-support/sales-fixtures.js";

const keys = (stages: readonly { key: string }[]) => stages.map((s) => s.key);

describeEachAdapter("sales pipelines", (target) => {
  const t = useSalesCrm(target);

  it("seeds the default pipeline with the buying-process stages, won and lost, for every new tenant", async () => {
    const { alice } = await salesTenant(t);
    const pipeline = await alice.sales.pipelines.getDefault();
    expect(pipeline).toMatchObject({ name: "New business", isDefault: true, version: 1 });
    expect(keys(pipeline.stages)).toEqual(["awareness", "interest", "evaluation", "trial", "adoption", "won", "lost"]);
    expect(pipeline.stages.map((s) => s.kind)).toEqual(["open", "open", "open", "open", "open", "won", "lost"]);
    expect(pipeline.stages.map((s) => s.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(pipeline.stages.find((s) => s.key === "trial")?.requiredFields).toEqual(["amount", "closeDate"]);
    expect((await alice.sales.pipelines.list()).items.map((p) => p.id)).toEqual([pipeline.id]);
  });

  it("creates a pipeline with its stages and refuses a malformed shape without writing", async () => {
    const { tenantId, manager } = await salesTenant(t);
    const renewals = await manager.sales.pipelines.create({
      name: "Renewals",
      stages: [
        { key: "review", name: "Review", probability: 50, requiredFields: ["closeDate"] },
        { key: "renewed", name: "Renewed", probability: 100, kind: "won" },
        { key: "churned", name: "Churned", probability: 0, kind: "lost" },
      ],
    });
    expect(renewals).toMatchObject({ name: "Renewals", isDefault: false });
    expect(keys(renewals.stages)).toEqual(["review", "renewed", "churned"]);
    for (const bad of [
      {
        name: "No won",
        stages: [
          { key: "a", name: "A", probability: 1 },
          { key: "b", name: "B", probability: 2 },
          { key: "l", name: "L", probability: 0, kind: "lost" as const },
        ],
      },
      {
        name: "Twice",
        stages: [
          { key: "a", name: "A", probability: 1 },
          { key: "a", name: "A2", probability: 2, kind: "won" as const },
          { key: "l", name: "L", probability: 0, kind: "lost" as const },
        ],
      },
      {
        name: "Won at 50",
        stages: [
          { key: "a", name: "A", probability: 1 },
          { key: "w", name: "W", probability: 50, kind: "won" as const },
          { key: "l", name: "L", probability: 0, kind: "lost" as const },
        ],
      },
    ]) {
      const error = await expectNothingWritten(t.adapter, tenantId, () => manager.sales.pipelines.create(bad));
      expect(error).toBeInstanceOf(ValidationError);
    }
  });

  it("adds, renames, reorders and retires stages, bumping the pipeline version each time", async () => {
    const { manager, system } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const added = await manager.sales.pipelines.addStage(
      pipeline.id,
      { key: "proposal", name: "Proposal", probability: 70, after: "trial" },
      { expectedVersion: 1 },
    );
    expect(added.version).toBe(2);
    expect(keys(added.stages)).toEqual([
      "awareness",
      "interest",
      "evaluation",
      "trial",
      "proposal",
      "adoption",
      "won",
      "lost",
    ]);
    const renamed = await manager.sales.pipelines.updateStage(
      pipeline.id,
      "interest",
      { name: "Discovery", probability: 20 },
      { expectedVersion: 2 },
    );
    expect(renamed.stages.find((s) => s.key === "interest")).toMatchObject({ name: "Discovery", probability: 20 });
    const reordered = await manager.sales.pipelines.reorderStages(pipeline.id, [
      "awareness",
      "interest",
      "trial",
      "evaluation",
      "proposal",
      "adoption",
      "won",
      "lost",
    ]);
    expect(keys(reordered.stages).slice(2, 4)).toEqual(["trial", "evaluation"]);
    const retired = await manager.sales.pipelines.retireStage(pipeline.id, "proposal");
    expect(retired.version).toBe(5);
    expect(keys(retired.stages)).toEqual([
      "awareness",
      "interest",
      "trial",
      "evaluation",
      "adoption",
      "won",
      "lost",
      "proposal",
    ]);
    expect(retired.stages.at(-1)?.retiredAt).toBe(t.clock.now().toISOString());
    const history = await system.audit.history("pipeline", pipeline.id);
    expect(history.items.map((h) => h.action)).toEqual([
      "create",
      "add_stage",
      "update_stage",
      "reorder_stages",
      "retire_stage",
    ]);
    expect(history.items[2]?.changes["stage.interest"]).toBeDefined();
  });

  it("a stage change is one versioned change of the pipeline: pipeline.updated names the stages it changed; a stale version or an archived pipeline writes nothing", async () => {
    const { tenantId, manager } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const updates: unknown[] = [];
    const off = t.crm.on("pipeline.updated", (e) => {
      if (e.tenantId === tenantId) updates.push(e.data);
    });
    const renamed = await manager.sales.pipelines.updateStage(
      pipeline.id,
      "trial",
      { name: "Pilot" },
      { expectedVersion: 1 },
    );
    off();
    expect(renamed.version).toBe(2);
    expect(updates).toEqual([{ id: pipeline.id, version: 2, changed: ["stage.trial"] }]);
    const stale = await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.pipelines.updateStage(pipeline.id, "trial", { name: "Again" }, { expectedVersion: 1 }),
    );
    expect(stale).toBeInstanceOf(ConflictError);
    const other = await manager.sales.pipelines.create({
      name: "Old",
      stages: [
        { key: "open", name: "Open", probability: 10 },
        { key: "won", name: "Won", probability: 100, kind: "won" },
        { key: "lost", name: "Lost", probability: 0, kind: "lost" },
      ],
    });
    await manager.sales.pipelines.archive(other.id);
    const archived = (await expectNothingWritten(t.adapter, tenantId, () =>
      manager.sales.pipelines.addStage(other.id, { key: "late", name: "Late", probability: 50 }),
    )) as InvalidTransitionError;
    expect(archived).toBeInstanceOf(InvalidTransitionError);
    expect(archived.details.reason).toBe("pipeline_archived");
  });

  it("a new open stage goes after the last open stage by default", async () => {
    const { manager } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const added = await manager.sales.pipelines.addStage(pipeline.id, {
      key: "negotiation",
      name: "Negotiation",
      probability: 90,
    });
    expect(keys(added.stages)).toEqual([
      "awareness",
      "interest",
      "evaluation",
      "trial",
      "adoption",
      "negotiation",
      "won",
      "lost",
    ]);
  });

  it("stage changes keep existing opportunities where they are", async () => {
    const { alice, manager } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const account = await anAccount(alice);
    const opp = await alice.sales.opportunities.create({ accountId: account.id, name: "Deal", stageKey: "interest" });
    await manager.sales.pipelines.updateStage(pipeline.id, "interest", { name: "Discovery" });
    await manager.sales.pipelines.reorderStages(pipeline.id, [
      "interest",
      "awareness",
      "evaluation",
      "trial",
      "adoption",
      "won",
      "lost",
    ]);
    await manager.sales.pipelines.retireStage(pipeline.id, "interest");
    const after = await alice.sales.opportunities.get(opp.id);
    expect(after).toMatchObject({ stageKey: "interest", version: 1 });
    // It can still move out of the retired stage, but nobody can move into it.
    const moved = await alice.sales.opportunities.moveStage(opp.id, "awareness");
    expect(moved.stageKey).toBe("awareness");
    await expect(alice.sales.opportunities.moveStage(opp.id, "interest")).rejects.toBeInstanceOf(ValidationError);
  });

  it("refuses stage changes that would break the pipeline's shape, and writes nothing", async () => {
    const { tenantId, manager } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const refused = async (attempt: () => Promise<unknown>, type: new (...args: never[]) => Error) => {
      expect(await expectNothingWritten(t.adapter, tenantId, attempt)).toBeInstanceOf(type);
    };
    await refused(() => manager.sales.pipelines.retireStage(pipeline.id, "won"), InvalidTransitionError);
    await refused(
      () =>
        manager.sales.pipelines.addStage(pipeline.id, { key: "won2", name: "Also won", probability: 100, kind: "won" }),
      InvalidTransitionError,
    );
    await refused(
      () => manager.sales.pipelines.addStage(pipeline.id, { key: "trial", name: "Trial again", probability: 1 }),
      ValidationError,
    );
    await refused(
      () => manager.sales.pipelines.addStage(pipeline.id, { key: "x", name: "X", probability: 1, after: "nope" }),
      ValidationError,
    );
    await refused(() => manager.sales.pipelines.updateStage(pipeline.id, "nope", { name: "Nope" }), ValidationError);
    await refused(() => manager.sales.pipelines.updateStage(pipeline.id, "won", { probability: 90 }), ValidationError);
    await refused(() => manager.sales.pipelines.reorderStages(pipeline.id, ["awareness", "interest"]), ValidationError);
    await refused(
      () =>
        manager.sales.pipelines.addStage(pipeline.id, { key: "x", name: "X", probability: 1 }, { expectedVersion: 9 }),
      ConflictError,
    );
    await refused(
      () => manager.sales.pipelines.addStage(pipeline.id, { key: "Bad Key", name: "X", probability: 1 }),
      ValidationError,
    );
    await refused(
      () => manager.sales.pipelines.updateStage("pipe_01JDQ8Z6X4W3F2R5T7Y9B1N3M5", "trial", { name: "X" }),
      NotFoundError,
    );
  });

  it("the last active open stage cannot be retired", async () => {
    const { manager } = await salesTenant(t);
    const small = await manager.sales.pipelines.create({
      name: "Small",
      stages: [
        { key: "only", name: "Only", probability: 50 },
        { key: "won", name: "Won", probability: 100, kind: "won" },
        { key: "lost", name: "Lost", probability: 0, kind: "lost" },
      ],
    });
    await expect(manager.sales.pipelines.retireStage(small.id, "only")).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("setDefault moves the default; the default pipeline cannot be archived but others can", async () => {
    const { manager, alice } = await salesTenant(t);
    const first = await manager.sales.pipelines.getDefault();
    const second = await manager.sales.pipelines.create({
      name: "Partner deals",
      stages: [
        { key: "registered", name: "Registered", probability: 20 },
        { key: "won", name: "Won", probability: 100, kind: "won" },
        { key: "lost", name: "Lost", probability: 0, kind: "lost" },
      ],
    });
    await expect(manager.sales.pipelines.archive(first.id)).rejects.toBeInstanceOf(InvalidTransitionError);
    const promoted = await manager.sales.pipelines.setDefault(second.id, { expectedVersion: 1 });
    expect(promoted).toMatchObject({ isDefault: true, version: 2 });
    expect((await manager.sales.pipelines.get(first.id)).isDefault).toBe(false);
    expect((await alice.sales.pipelines.getDefault()).id).toBe(second.id);
    const account = await anAccount(alice);
    expect((await alice.sales.opportunities.create({ accountId: account.id, name: "Via partner" })).stageKey).toBe(
      "registered",
    );
    const archived = await manager.sales.pipelines.archive(first.id);
    expect(archived.archivedAt).not.toBeNull();
    await expect(
      manager.sales.pipelines.addStage(first.id, { key: "x", name: "X", probability: 1 }),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(
      alice.sales.opportunities.create({ accountId: account.id, name: "Old", pipelineId: first.id }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it("reps read pipelines but may not change them", async () => {
    const { alice } = await salesTenant(t);
    const pipeline = await alice.sales.pipelines.getDefault();
    await expect(
      alice.sales.pipelines.addStage(pipeline.id, { key: "x", name: "X", probability: 1 }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.sales.pipelines.update(pipeline.id, { name: "Mine" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(alice.sales.pipelines.create({ name: "P", stages: [] })).rejects.toBeInstanceOf(ValidationError);
  });

  it("renames a pipeline through update", async () => {
    const { manager } = await salesTenant(t);
    const pipeline = await manager.sales.pipelines.getDefault();
    const renamed = await manager.sales.pipelines.update(pipeline.id, { name: "New logos" }, { expectedVersion: 1 });
    expect(renamed).toMatchObject({ name: "New logos", version: 2 });
    expect(renamed.stages).toHaveLength(7);
  });
});
