export type { AnalyticsModule } from "./analytics-module.js";
export { analytics } from "./analytics-module.js";
