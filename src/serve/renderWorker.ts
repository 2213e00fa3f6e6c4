/** The render pool's worker thread (see renderPool.ts): one request's render per task. */
import { renderTask } from "./renderTask.js";

export default renderTask;
