export type { MarketingClient, MarketingModule, MarketingOptions } from "./marketing-module.js";
export { marketing } from "./marketing-module.js";
export type { MarketingPart } from "./marketing-part.js";
