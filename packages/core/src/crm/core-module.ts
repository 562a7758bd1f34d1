import { accountsPart } from "../accounts/accounts-part.js";
import { activitiesPart } from "../activities/activities-part.js";
import { calendarPart } from "../calendar/calendar-part.js";
import { contactsPart } from "../contacts/contacts-part.js";
import { customFieldsPart } from "../custom-fields/custom-fields-part.js";
import type { EventPayloads } from "../events/event-types.js";
import { type CorePart, mergePermissions } from "../kernel/core-part.js";
import { defineModule } from "../kernel/define-module.js";
import { hookPointOf } from "../kernel/hooks.js";
import { kernelPart } from "../kernel/kernel-part.js";
import { productsPart } from "../products/products-part.js";
import { rolesPart } from "../roles/roles-part.js";
import { searchPart } from "../search/search-part.js";
import { usersPart } from "../users/users-part.js";

/** The parts of `@rapport/core`, in migration order. Append new parts at the end. */
const CORE_PARTS = [
  kernelPart,
  accountsPart,
  customFieldsPart,
  usersPart,
  rolesPart,
  contactsPart,
  productsPart,
  activitiesPart,
  calendarPart,
  searchPart,
] as const satisfies readonly CorePart[];

type PartEntity<P extends readonly CorePart[]> = {
  [I in keyof P]: P[I] extends { readonly entities: readonly (infer E)[] } ? E : never;
}[number];
type PartEvents<P extends readonly CorePart[]> = { [I in keyof P]: NonNullable<P[I]["events"]> }[number];
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The kernel's and core records' events: name → payload. */
export type CoreEvents = EventPayloads<UnionToIntersection<PartEvents<typeof CORE_PARTS>>>;

/** The kernel and the shared records, declared like any other module. */
export const coreModule = defineModule({
  name: "core",
  migrations: (CORE_PARTS as readonly CorePart[]).flatMap((part) => part.migrations),
  permissions: mergePermissions(CORE_PARTS),
  events: Object.assign({}, ...CORE_PARTS.map((part) => part.events ?? {})),
  // Typed as the parts' own entities, so their `<type>.create|update|archive` hook names stay literal.
  entities: (CORE_PARTS as readonly CorePart[]).flatMap((part) => part.entities ?? []) as readonly PartEntity<
    typeof CORE_PARTS
  >[],
  jobs: (CORE_PARTS as readonly CorePart[]).flatMap((part) => part.jobs ?? []),
  hookPoints: { "user.upsert": hookPointOf<unknown>() },
  hooks: Object.assign({}, ...(CORE_PARTS as readonly CorePart[]).map((part) => part.hooks ?? {})),
  onTenantCreated: async (op) => {
    for (const part of CORE_PARTS as readonly CorePart[]) await part.onTenantCreated?.(op);
  },
});
