export type { AnalyticsModule } from "./analytics-module.js";
export { analytics } from "./analytics-module.js";
export type { CleansingClient, CleansingModule } from "./cleansing/cleansing-module.js";
export { cleansing } from "./cleansing/cleansing-module.js";
export type { CleansingPart } from "./cleansing/cleansing-part.js";
