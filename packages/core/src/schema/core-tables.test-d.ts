import type { Kysely } from "kysely";
import { expectTypeOf, test } from "vitest";
import type { CoreTables } from "./index.js";

test("core's tables are typed from the entity declarations and the kernel's row types", () => {
  expectTypeOf<CoreTables["accounts"]["name"]>().toEqualTypeOf<string>();
  expectTypeOf<CoreTables["accounts"]["owner_id"]>().toEqualTypeOf<string | null>();
  expectTypeOf<CoreTables["contacts"]["account_id"]>().toEqualTypeOf<string | null>();
  expectTypeOf<CoreTables["rapport_users"]["active"]>().toEqualTypeOf<number>();
  expectTypeOf<CoreTables["rapport_change_feed"]["event_id"]>().toEqualTypeOf<string>();
  const query = (db: Kysely<CoreTables>) =>
    db.selectFrom("accounts").innerJoin("contacts", "contacts.account_id", "accounts.id").select(["accounts.name"]);
  expectTypeOf<Awaited<ReturnType<ReturnType<typeof query>["execute"]>>>().toEqualTypeOf<{ name: string }[]>();
});
