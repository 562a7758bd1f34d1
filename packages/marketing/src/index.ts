export type { MarketingClient, MarketingModule } from "./marketing-module.js";
export { marketing } from "./marketing-module.js";
export type { MarketingPart } from "./marketing-part.js";
