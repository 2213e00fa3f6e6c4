/**
 * The worker threads that render, and the bounded queue in front of them.
 *
 * Why threads and not the main thread: a render is 7–9 ms of synchronous work, which would stall
 * every other request (health checks, uploads, metrics) for that long. Measured on the 2-core
 * machine with autocannon (seed page, a4-3col; see the README's "sahifa serve"): on the main
 * thread c=1 gave p50 ≈ 9 ms but c=4 only ≈ 115 pages/s (one core); through 2 workers c=1 gave
 * p50 ≈ 10 ms (a message each way) and c=4 ≈ 190 pages/s. One core of headroom at c=1 buys
 * both cores at c=4, so the pool it is.
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
