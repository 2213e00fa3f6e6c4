// The render worker when sahifa runs from source through tsx (tests, development): Node 20's
// worker threads do not inherit tsx's loader, so the worker registers it before loading the
// TypeScript module. The built CLI (dist/) uses renderWorker.js directly.
import { register } from "tsx/esm/api";

register();
const worker = await import("./renderWorker.ts");

export default worker.default;
