/**
 * The worker threads that render, and the bounded queue in front of them.
 *
 * Threads or the main thread: measured with autocannon on the project's 2-core machine (seed
 * page, a4-3col, 10 s runs), in an hour when it was slow and noisy (a warm render in process
 * took 11–16 ms, not the usual 6–8): rendering on the main thread (a scratch server) gave p50
 * 12–13 ms at c=1 and 80–86 requests/s at c=4; two worker threads gave p50 11–13 ms at c=1 and
 * 69–97 requests/s at c=4. Speed does not choose between them, so what threads give besides
 * does: the event loop stays free for health checks, metrics and uploads while pages render,
 * and a render past its timeout can be stopped (its thread is replaced), which one on the main
 * thread cannot.
 */

import { createRequire } from "node:module";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RenderTask, RenderTaskResult } from "./renderTask.js";

/** Why a render did not happen: the pool answers with one of these, never with a render error. */
export class RenderRefused extends Error {
  constructor(readonly reason: "queue-full" | "timeout" | "closed") {
    super(reason);
    this.name = "RenderRefused";
  }
}

export interface RenderPoolOptions {
  /** Worker threads, each rendering one article at a time. */
  threads: number;
  /** Renders that may wait for a thread; one more is refused. */
  queueSize: number;
}

function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, "..", extname(here) === ".ts" ? "renderWorker.dev.mjs" : "renderWorker.js");
}

export class RenderPool {
  readonly #threads: number;
  readonly #queueSize: number;
  readonly #pool: import("piscina").Piscina<RenderTask, RenderTaskResult>;
  #pending = 0;
  #closed = false;

  constructor(options: RenderPoolOptions) {
    this.#threads = options.threads;
    this.#queueSize = options.queueSize;
    // Through require, which the command-line bundle (CommonJS) keeps as it is: only `serve`
    // loads piscina.
    const { Piscina } = createRequire(import.meta.url)("piscina") as typeof import("piscina");
    this.#pool = new Piscina({
      filename: workerFile(),
      minThreads: options.threads,
      maxThreads: options.threads,
      concurrentTasksPerWorker: 1,
      // Resident: a thread that went idle would have to load its fonts again.
      idleTimeout: Number.POSITIVE_INFINITY,
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
  }

  /** Renders being drawn now. */
  get inFlight(): number {
    return Math.min(this.#pending, this.#threads);
  }

  /** Renders waiting for a thread. */
  get queued(): number {
    return Math.max(0, this.#pending - this.#threads);
  }

  /**
   * Renders a task, or refuses it: the queue is full, or `signal` aborted first (the thread
   * drawing it is stopped and replaced, so a pathological article cannot hold it).
   */
  async run(task: RenderTask, signal: AbortSignal): Promise<RenderTaskResult> {
    if (this.#closed) throw new RenderRefused("closed");
    if (this.#pending >= this.#threads + this.#queueSize) throw new RenderRefused("queue-full");
    this.#pending++;
    try {
      return await this.#pool.run(task, { signal });
    } catch (error) {
      if (signal.aborted) throw new RenderRefused("timeout");
      throw error;
    } finally {
      this.#pending--;
    }
  }

  /** Runs `task` once on every thread, so that each has loaded its fonts and compiled its code. */
  async warm(task: RenderTask): Promise<void> {
    const results = await Promise.all(
      Array.from({ length: this.#threads }, () => this.#pool.run(task)),
    );
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok)
      throw new Error(`warming the render threads failed: ${failed.message}`);
  }

  /** Stops the threads once the renders already taken are done. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool.close();
  }
}
