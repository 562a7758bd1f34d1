import type { MarketingPart } from "../marketing-part.js";

/** `client.marketing`'s content area. */
export type ContentClient = {};

/** The content area of the marketing module. */
export const contentPart: MarketingPart<ContentClient> = {
  migrations: [],
  entities: [],
  permissions: {},
  events: {},
  jobs: [],
  client: () => ({}),
};
