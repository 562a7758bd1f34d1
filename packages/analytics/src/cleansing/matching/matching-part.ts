import type { CleansingPart } from "../cleansing-part.js";

/** `client.cleansing`'s matching area. */
export type MatchingClient = {};

/** The matching area of the cleansing module. */
export const matchingPart: CleansingPart<MatchingClient> = {
  migrations: [],
  entities: [],
  permissions: {},
  events: {},
  jobs: [],
  client: () => ({}),
};
