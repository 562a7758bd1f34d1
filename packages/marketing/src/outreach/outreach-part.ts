import type { MarketingPart } from "../marketing-part.js";

/** Options of the outreach area: `marketing({ email: … })`. */
export type OutreachOptions = {};

/** `client.marketing`'s outreach area. */
export type OutreachClient = {};

/** The outreach area of the marketing module, configured by `marketing({ email })`. */
export function outreachPart(_options: OutreachOptions = {}): MarketingPart<OutreachClient> {
  return {
    migrations: [],
    entities: [],
    permissions: {},
    events: {},
    jobs: [],
    client: () => ({}),
  };
}
