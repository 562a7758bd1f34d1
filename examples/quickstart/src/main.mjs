// The quickstart's entry point: `pnpm quickstart` (root) or `pnpm start` (here), after `pnpm build`.
import { runQuickstart } from "./quickstart.mjs";

await runQuickstart((line) => console.log(line));
