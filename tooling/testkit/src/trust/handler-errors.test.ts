import { createCrm } from "@rapport/core";
import { afterEach, expect, it, vi } from "vitest";
import { describeEachAdapter } from "../index.js";

describeEachAdapter("a throwing onHandlerError", (target) => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** A CRM whose onHandlerError throws (or rejects), with console.error captured. */
  async function crmWithFailingReporter(reporter: "throws" | "rejects") {
    const adapter = await target.create();
    const reported: string[] = [];
    const crm = await createCrm({
      adapter,
      onHandlerError: (error, event) => {
        reported.push(`${event.type}: ${(error as Error).message}`);
        if (reporter === "throws") throw new Error("the reporter broke");
        return Promise.reject(new Error("the reporter broke later")) as unknown as undefined;
      },
    });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const close = async () => {
      await crm.close();
      await target.dispose(adapter);
    };
    return { crm, reported, logged, close };
  }

  it("create resolves and the second handler runs when the first throws and onHandlerError throws too", async () => {
    const { crm, reported, logged, close } = await crmWithFailingReporter("throws");
    try {
      await crm.tenants.create({ id: "acme", name: "Acme" });
      const seen: string[] = [];
      crm.on("account.created", () => {
        throw new Error("first handler broke");
      });
      crm.on("account.created", (event) => {
        seen.push(event.data.id);
      });
      const account = await crm.system("acme").accounts.create({ name: "Globex" });
      expect(seen).toEqual([account.id]);
      expect(reported).toEqual(["account.created: first handler broke"]);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(await crm.system("acme").accounts.get(account.id)).toMatchObject({ name: "Globex" });
    } finally {
      await close();
    }
  });

  it("a rejecting handler with a rejecting onHandlerError leaves no unhandled rejection, and delivery goes on", async () => {
    const { crm, reported, logged, close } = await crmWithFailingReporter("rejects");
    try {
      await crm.tenants.create({ id: "acme", name: "Acme" });
      const seen: string[] = [];
      crm.on("account.created", async () => {
        throw new Error("async handler broke");
      });
      crm.on("account.created", (event) => {
        seen.push(event.data.id);
      });
      const first = await crm.system("acme").accounts.create({ name: "Globex" });
      const second = await crm.system("acme").accounts.create({ name: "Initech" });
      await vi.waitFor(() => expect(logged).toHaveBeenCalledTimes(2));
      expect(seen).toEqual([first.id, second.id]);
      expect(reported).toEqual(["account.created: async handler broke", "account.created: async handler broke"]);
    } finally {
      await close();
    }
  });
});
