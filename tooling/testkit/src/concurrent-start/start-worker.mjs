// Child process of concurrent-start.test.ts: loads the TypeScript sources through Vite's
// module runner (as the tests do), waits for the parent's "go", then calls createCrm once.
import { createServer, createServerModuleRunner } from "vite";

const [, , target, location] = process.argv;
const server = await createServer({
  configFile: false,
  root: new URL("../../../..", import.meta.url).pathname,
  logLevel: "error",
  appType: "custom",
  server: { middlewareMode: true, hmr: false, ws: false },
  ssr: { resolve: { conditions: ["@rapport/source", "node", "import", "module", "default"] } },
});
const runner = createServerModuleRunner(server.environments.ssr, { hmr: false });
const { startCrm } = await runner.import(new URL("./start-crm.ts", import.meta.url).pathname);
process.send?.("ready");
process.once("message", async () => {
  let code = 0;
  try {
    const applied = await startCrm(target, location);
    process.send?.({ applied });
  } catch (error) {
    console.error(error);
    code = 1;
  }
  await runner.close();
  await server.close();
  process.exit(code);
});
