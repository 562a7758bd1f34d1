// The knowledge-base example: `pnpm start` here, after `pnpm build` (the packages' dist).
import { tldrCsvPath } from "./data-dir.mjs";
import { runKnowledgeBase } from "./knowledge-base.mjs";

const csvPath = tldrCsvPath();
if (csvPath === null) {
  console.error("The tldr-pages data set is missing: set RAPPORT_DATA_DIR to the folder holding tldr-pages/.");
  process.exit(1);
}
await runKnowledgeBase((line) => console.log(line), { csvPath });
