import { runConformanceSuite } from "@rapport/core/testing";
import { sqliteAdapter } from "./sqlite-adapter.js";

runConformanceSuite({ name: "sqlite", createAdapter: () => sqliteAdapter({ filename: ":memory:" }) });
