export type { ConformanceOptions } from "./conformance/run-conformance-suite.js";
export { runConformanceSuite } from "./conformance/run-conformance-suite.js";
export { expectEntityTablesMatch } from "./entity-tables.js";
export type { ManualClock } from "./manual-clock.js";
export { manualClock } from "./manual-clock.js";
export {
  comparePlainReader,
  expectPlainReaderAgreement,
  MISSING,
  mutatedInputs,
  plainReaderAgreement,
} from "./plain-reader-check.js";
export { expectNothingWritten, tenantSnapshot } from "./snapshot.js";
export type { TestCrm, TestCrmOptions } from "./test-crm.js";
export { useTestCrm } from "./test-crm.js";
