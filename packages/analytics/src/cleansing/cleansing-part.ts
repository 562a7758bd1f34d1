import type { EventCatalog, ModulePart } from "@rapport/core";

/**
 * One area of the cleansing module (matching, merge, rules, jobs): what it adds to the
 * module definition. `cleansing()` adds the areas up with core's `combineModuleParts`.
 */
export type CleansingPart<Client extends object, Events extends EventCatalog = EventCatalog> = ModulePart<
  Client,
  Events
>;
