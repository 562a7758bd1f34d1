export type { MarketingModule } from "./marketing-module.js";
export { marketing } from "./marketing-module.js";
