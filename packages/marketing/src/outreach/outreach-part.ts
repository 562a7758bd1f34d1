import type { MarketingPart } from "../marketing-part.js";

/** `client.marketing`'s outreach area. */
export type OutreachClient = {};

/** The outreach area of the marketing module. */
export const outreachPart: MarketingPart<OutreachClient> = {
  migrations: [],
  entities: [],
  permissions: {},
  events: {},
  jobs: [],
  client: () => ({}),
};
