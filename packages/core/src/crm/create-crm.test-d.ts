import { describe, expectTypeOf, it } from "vitest";
import type { Account } from "../accounts/account-entity.js";
import type { CrmEvent } from "../events/event-types.js";
import { eventOf } from "../events/event-types.js";
import { defineModule } from "../kernel/define-module.js";
import { hookPointOf } from "../kernel/hooks.js";
import type { Crm, HookNames } from "./create-crm.js";
import type { CoreClient } from "./scoped-client.js";

const loyalty = defineModule({
  name: "loyalty",
  events: { "points.granted": eventOf<{ accountId: string; points: number }>() },
  client: () => ({ balance: async (accountId: string): Promise<number> => accountId.length }),
});
const silent = defineModule({ name: "silent" });

describe("scoped client types follow the modules given to createCrm", () => {
  it("has a module's client only when the module is installed", () => {
    type WithLoyalty = Crm<readonly [typeof loyalty]>;
    type Plain = Crm<readonly []>;
    const client = {} as ReturnType<WithLoyalty["as"]>;
    expectTypeOf(client.loyalty.balance).toEqualTypeOf<(accountId: string) => Promise<number>>();
    expectTypeOf(client.accounts.get).returns.resolves.toEqualTypeOf<Account>();
    expectTypeOf<ReturnType<Plain["as"]>>().not.toHaveProperty("loyalty");
    expectTypeOf<ReturnType<Plain["as"]>>().toMatchTypeOf<CoreClient>();
  });

  it("adds nothing for a module without a client", () => {
    type WithSilent = Crm<readonly [typeof silent]>;
    expectTypeOf<ReturnType<WithSilent["as"]>>().not.toHaveProperty("silent");
  });

  it("types event handlers from the modules' declared events", () => {
    const crm = {} as Crm<readonly [typeof loyalty]>;
    crm.on("points.granted", (event) => {
      expectTypeOf(event).toEqualTypeOf<CrmEvent<"points.granted", { accountId: string; points: number }>>();
    });
    crm.on("account.updated", (event) => {
      expectTypeOf(event.data.changed).toEqualTypeOf<readonly string[]>();
    });
    // @ts-expect-error an event no module declares
    crm.on("points.vanished", () => {});
  });

  it("keeps the transaction client's type", () => {
    const client = {} as ReturnType<Crm<readonly [typeof loyalty]>["as"]>;
    void client.transaction(async (tx) => {
      expectTypeOf(tx.loyalty.balance).toBeFunction();
      return 1;
    });
  });
});

describe("hook names are the declared ones", () => {
  it("crm.before takes the core's and the modules' entity verbs and hook points, and refuses a typo", () => {
    const visits = defineModule({
      name: "visits",
      entities: [] as const,
      hookPoints: { "visit.check_in": hookPointOf<{ id: string }>() },
    });
    type Names = HookNames<readonly [typeof visits]>;
    expectTypeOf<"account.create">().toMatchTypeOf<Names>();
    expectTypeOf<"contact.archive">().toMatchTypeOf<Names>();
    expectTypeOf<"user.upsert">().toMatchTypeOf<Names>();
    expectTypeOf<"visit.check_in">().toMatchTypeOf<Names>();
    expectTypeOf<"acount.create">().not.toMatchTypeOf<Names>();
    expectTypeOf<"visit.checkin">().not.toMatchTypeOf<Names>();
    const crm = {} as Crm<readonly [typeof visits]>;
    crm.before("account.create", () => undefined);
    // @ts-expect-error: no module declares this hook
    crm.before("acount.create", () => undefined);
  });
});
