import type { CleansingPart } from "../cleansing-part.js";

/** `client.cleansing`'s merge area. */
export type MergeClient = {};

/** The merge area of the cleansing module. */
export const mergePart: CleansingPart<MergeClient> = {
  migrations: [],
  entities: [],
  permissions: {},
  events: {},
  jobs: [],
  client: () => ({}),
};
