import type { EventCatalog, ModulePart } from "@rapport/core";

/**
 * One area of the marketing module (campaigns, outreach, content): what it adds to the
 * module definition. `marketing()` adds the areas up with core's `combineModuleParts`.
 */
export type MarketingPart<Client extends object, Events extends EventCatalog = EventCatalog> = ModulePart<
  Client,
  Events
>;
