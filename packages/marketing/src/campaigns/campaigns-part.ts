import type { MarketingPart } from "../marketing-part.js";

/** `client.marketing`'s campaigns area. */
export type CampaignsClient = {};

/** The campaigns area of the marketing module. */
export const campaignsPart: MarketingPart<CampaignsClient> = {
  migrations: [],
  entities: [],
  permissions: {},
  events: {},
  jobs: [],
  client: () => ({}),
};
