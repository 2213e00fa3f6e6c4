/**
 * `sahifa queue work`: takes render jobs from the queue and renders them the way `sahifa batch`
 * does, on the main thread and N−1 piscina worker threads, until stopped.
 */
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { BatchTask, BatchTaskResult } from "../cli/batchWorker.js";
import { oneLine, plural } from "../cli/common.js";
import { failureLine, growHeapsSlowly, helperPool, runOnThreads } from "../cli/runBatch.js";
import { SahifaError, type SahifaErrorCode, toSahifaError } from "../errors.js";
import { describeFsError, isTempFileFor } from "../output.js";
import { type Boss, QUEUE, query, SCHEMA } from "./boss.js";
import type { WorkMetrics } from "./metrics.js";

/** A job taken from the queue. */
interface Job {
  id: string;
  data: BatchTask;
  /** Attempts before this one. */
  retryCount: number;
  retryLimit: number;
}

/** What a job stores when it completes: `sahifa queue status` sums the pages. */
export interface JobOutput {
  output: string;
  pages: number;
  ms: number;
}

/** What a failed job stores: the one-line reason. */
export interface JobFailure {
  code: SahifaErrorCode;
  message: string;
}

/** Failures of the job's own input: they would fail again, so they are not retried. */
const BAD_INPUT: ReadonlySet<SahifaErrorCode> = new Set([
  "INPUT_INVALID",
  "INPUT_NOT_FOUND",
  "TEMPLATE_INVALID",
  "USAGE",
]);

/** How long an idle worker waits before asking an empty queue again. */
const POLL_MS = 500;

export interface WorkOptions {
  /** Threads rendering at once (the main thread and N−1 workers), two jobs each. */
  concurrency: number;
  /** Seconds a job may run before it is taken to be lost and given to another worker. */
  jobTimeout: number;
  /** Stops taking jobs; those taken are finished first. */
  signal: AbortSignal;
  metrics?: WorkMetrics;
  debug?: boolean;
  /** Where the log lines go. */
  stream?: NodeJS.WritableStream;
}

export interface WorkSummary {
  done: number;
  failed: number;
  retried: number;
  pages: number;
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

/**
 * The jobs this worker has taken, refilled from the queue in batches while the renderers are
 * busy, so that a renderer finishing a job finds the next one waiting rather than a query.
 */
class JobFeed {
  private readonly buffer: Job[] = [];
  private fetching: Promise<void> | null = null;
  private failures = 0;

  constructor(
    private readonly boss: Boss,
    private readonly slots: number,
    private readonly jobTimeout: number,
    private readonly signal: AbortSignal,
    private readonly warn: (line: string) => void,
  ) {}

  /** The next job, or undefined once stopped and every job taken has been handed out. */
  async next(): Promise<Job | undefined> {
    for (;;) {
      // Half the renderers' worth left: take more (one query at a time).
      if (!this.signal.aborted && this.buffer.length <= this.slots / 2) void this.refill();
      const job = this.buffer.shift();
      if (job) return job;
      if (this.signal.aborted && !this.fetching) return undefined;
      await this.fetching;
    }
  }

  private refill(): Promise<void> {
    this.fetching ??= this.take().finally(() => {
      this.fetching = null;
    });
    return this.fetching;
  }

  private async take(): Promise<void> {
    try {
      const jobs = await takeJobs(this.boss, this.slots * 2 - this.buffer.length, this.jobTimeout);
      this.failures = 0;
      if (jobs.length > 0) this.buffer.push(...jobs);
      else await pause(POLL_MS, this.signal);
    } catch (error) {
      // The database is away: say so, and ask again later (at most every 10 s).
      this.failures++;
      this.warn(`queue: cannot fetch jobs (${oneLine(toSahifaError(error).message)})`);
      await pause(Math.min(10_000, POLL_MS * 2 ** this.failures), this.signal);
    }
  }
}

/**
 * Takes up to `count` jobs, with this worker's timeout: pg-boss's fetch (for a queue of the
 * standard policy, as sahifa's is) and the job's expiry in one statement. pg-boss's fetch
 * leaves the expiry set when the job was sent, and setting it after the fetch would leave
 * jobs with that one if the worker died in between.
 */
async function takeJobs(boss: Boss, count: number, timeout: number): Promise<Job[]> {
  return query<Job>(
    boss,
    `WITH next AS (
       SELECT id FROM ${SCHEMA}.job
       WHERE name = $1 AND state < 'active' AND start_after < now()
       ORDER BY priority DESC, created_on, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED
     )
     UPDATE ${SCHEMA}.job j SET
       state = 'active',
       started_on = now(),
       retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END,
       expire_in = make_interval(secs => $3)
     FROM next
     WHERE j.name = $1 AND j.id = next.id
     RETURNING j.id, j.data, j.retry_count AS "retryCount", j.retry_limit AS "retryLimit"`,
    [QUEUE, count, timeout],
  );
}

/** The job's output folder, made once per folder (the shared folder may be new). */
function folderMaker() {
  const made = new Set<string>();
  return async (output: string) => {
    const folder = dirname(output);
    if (made.has(folder)) return;
    try {
      await mkdir(folder, { recursive: true });
    } catch (cause) {
      throw new SahifaError(
        "OUTPUT_FAILED",
        `${folder}: cannot create the output folder (${describeFsError(cause)})`,
        { cause },
      );
    }
    made.add(folder);
  };
}

/**
 * Removes the temporary files of `output` made before `before` (ms): an earlier attempt at the
 * job, by a worker that was killed while it wrote the PDF, left them. Best effort.
 */
async function removeStaleTemps(output: string, before: number): Promise<void> {
  const folder = dirname(output);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => isTempFileFor(output, n))) {
    const path = join(folder, name);
    const made = await stat(path).then(
      (s) => s.mtimeMs,
      () => Number.POSITIVE_INFINITY,
    );
    if (made < before) await rm(path, { force: true }).catch(() => {});
  }
}

/** Works the queue until `signal` aborts, then finishes the jobs taken and returns. */
export async function runWorker(boss: Boss, options: WorkOptions): Promise<WorkSummary> {
  const stream = options.stream ?? process.stderr;
  const log = (line: string) => stream.write(`${line}\n`);
  const { metrics } = options;
  const summary: WorkSummary = { done: 0, failed: 0, retried: 0, pages: 0 };
  const helpers = options.concurrency - 1;
  const restoreHeapGrowth = growHeapsSlowly();
  const pool = helperPool(helpers);
  pool?.on("error", (error: unknown) => {
    log(`sahifa: ${oneLine(toSahifaError(error, "worker").message)}`);
  });
  const renderHere = (await import("../cli/batchWorker.js")).default;
  const makeFolder = folderMaker();
  // Two jobs at a time on each thread: one renders while the other waits on its files.
  const slots = 2 * options.concurrency;
  const feed = new JobFeed(boss, slots, options.jobTimeout, options.signal, (line) =>
    log(`sahifa: warning: ${line}`),
  );

  const render = async (
    job: Job,
    run: (task: BatchTask) => Promise<BatchTaskResult>,
  ): Promise<BatchTaskResult> => {
    const task = job.data;
    const started = Date.now();
    try {
      await makeFolder(task.output);
      const result = await run(task);
      if (result.ok && job.retryCount > 0) await removeStaleTemps(task.output, started);
      return result;
    } catch (error) {
      // The folder could not be made, or the worker thread itself died.
      const e = toSahifaError(error, task.input);
      return { ok: false, input: task.input, code: e.code, message: e.message, warnings: [] };
    }
  };

  const settle = async (job: Job, result: BatchTaskResult): Promise<void> => {
    for (const w of result.warnings) log(`warning: ${oneLine(w)}`);
    if (result.ok) {
      const output: JobOutput = { output: result.output, pages: result.pages, ms: result.ms };
      await boss.complete(QUEUE, job.id, output);
      summary.done++;
      summary.pages += result.pages;
      metrics?.done.inc();
      metrics?.pages.inc(result.pages);
      metrics?.renderSeconds.observe(result.ms / 1000);
      log(`done: ${result.input} → ${result.output} (${plural(result.pages, "page")})`);
      return;
    }
    const failure: JobFailure = {
      code: result.code,
      message: failureLine(result.input, result.message),
    };
    const badInput = BAD_INPUT.has(result.code);
    if (badInput) {
      // pg-boss retries any failed job with retries left: this one has none from now on.
      await query(
        boss,
        `UPDATE ${SCHEMA}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`,
        [QUEUE, job.id],
      );
    }
    await boss.fail(QUEUE, job.id, failure);
    const retry = !badInput && job.retryCount < job.retryLimit;
    if (retry) {
      summary.retried++;
      metrics?.retried.inc();
      log(`retry: ${failure.message} (attempt ${job.retryCount + 1} of ${job.retryLimit + 1})`);
    } else {
      summary.failed++;
      metrics?.failed.inc();
      log(`failed: ${failure.message}`);
    }
    if (options.debug && result.stack) log(result.stack);
  };

  // Jobs being recorded in the queue. A renderer does not wait for that round trip (which
  // waits in turn for the main thread, itself rendering) before it takes its next job.
  const recording = new Set<Promise<void>>();
  const record = (job: Job, result: BatchTaskResult) => {
    const recorded = settle(job, result)
      .catch((error: unknown) => {
        // The job stays active until it expires, and then it is done again.
        log(
          `sahifa: warning: queue: cannot record job ${job.id} (${oneLine(toSahifaError(error).message)})`,
        );
      })
      .finally(() => recording.delete(recorded));
    recording.add(recorded);
  };

  const runner = async (run: (task: BatchTask) => Promise<BatchTaskResult>) => {
    for (let job = await feed.next(); job; job = await feed.next()) {
      record(job, await render(job, run));
    }
  };

  try {
    await runOnThreads(runner, renderHere, pool, helpers);
    await Promise.all(recording);
  } finally {
    await pool?.destroy();
    restoreHeapGrowth();
  }
  return summary;
}
