/** `sahifa batch`: many articles (and page plans) rendered in piscina worker threads (src/cli/batchWorker.ts). */
import { existsSync, statSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { basename, extname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import cliProgress from "cli-progress";
import { glob, isDynamicPattern } from "tinyglobby";
import { SahifaError, toSahifaError } from "../errors.js";
import { listTemplates, loadTemplate } from "../layout/template.js";
import { describeFsError } from "../output.js";
import type { OutputOptions } from "../render.js";
import type { DigitStyle } from "../text/digits.js";
import { type BatchSettings, readBatchRecord } from "./batchRecord.js";
import { openBatchReport } from "./batchReport.js";
import type { BatchTask, BatchTaskResult } from "./batchWorker.js";
import { EXIT, oneLine, plural } from "./common.js";
import { type Shard, shardName, shardOf } from "./shard.js";

/** The files a folder argument stands for: articles, and page plans (src/makeup/plan.ts). */
const INPUT_EXTENSIONS = [".md", ".markdown", ".json", ".txt", ".yaml", ".yml"];

export interface BatchOptions {
  inputs: string[];
  outDir: string;
  jobs?: number;
  force?: boolean;
  template?: string;
  strict?: boolean;
  /** The digits of numbers in Arabic text, for every article. */
  digits?: DigitStyle;
  /** Print and archive options for every PDF. */
  pdf?: OutputOptions;
  /** Print stack traces of failures. */
  debug?: boolean;
  /** Render only this shard's inputs (all of them by default). */
  shard?: Shard;
  /** Write one JSON line per file to this file as it finishes (src/cli/batchReport.ts). */
  report?: string;
  /** Where progress goes (stderr), and whether it is a terminal (a bar) or not (lines). */
  stream?: NodeJS.WriteStream;
}

export interface BatchSummary {
  done: number;
  failed: number;
  skipped: number;
  pages: number;
  seconds: number;
}

interface Job {
  input: string;
  output: string;
}

export interface Failure {
  input: string;
  message: string;
}

/** Names the input in a failure line, unless the message already starts with it. */
export function failureLine(input: string, message: string): string {
  const line = oneLine(message);
  return line.startsWith(`${input}:`) ? line : `${input}: ${line}`;
}

/**
 * Expands the command line's inputs: plain paths stay as given, folders stand for the article
 * and plan files in them, and globs are expanded (sorted). Paths that do not exist and globs that match
 * nothing are failures, reported like bad files.
 */
export async function expandInputs(
  patterns: readonly string[],
): Promise<{ files: string[]; failures: Failure[] }> {
  const files: string[] = [];
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(file);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const pattern of patterns) {
    if (existsSync(pattern)) {
      if (statSync(pattern).isDirectory()) {
        const inFolder = await glob(
          INPUT_EXTENSIONS.map((ext) => `*${ext}`),
          { cwd: pattern, onlyFiles: true, expandDirectories: false },
        );
        if (inFolder.length === 0) {
          failures.push({
            input: pattern,
            message: `${pattern}: folder has no article or plan files`,
          });
        }
        for (const f of inFolder.sort()) add(join(pattern, f));
      } else {
        add(pattern);
      }
      continue;
    }
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { onlyFiles: true, expandDirectories: false });
      if (matches.length === 0) {
        failures.push({ input: pattern, message: `${pattern}: no files match` });
      }
      for (const f of matches.sort()) add(f);
      continue;
    }
    failures.push({ input: pattern, message: `${pattern}: file not found` });
  }
  return { files, failures };
}

/**
 * Output paths: story.md → DIR/story.pdf. Inputs that share a name but not an extension get it
 * added (story-json.pdf); the same name in two folders is a failure for the second.
 */
export function planOutputs(files: readonly string[], outDir: string) {
  const base = (f: string) => basename(f, extname(f));
  const counts = new Map<string, number>();
  for (const f of files) counts.set(base(f), (counts.get(base(f)) ?? 0) + 1);
  const jobs: Job[] = [];
  const failures: Failure[] = [];
  const taken = new Map<string, string>();
  for (const input of files) {
    const b = base(input);
    const ext = extname(input).slice(1).toLowerCase();
    const name = (counts.get(b) ?? 0) > 1 && ext !== "md" && ext !== "" ? `${b}-${ext}` : b;
    const output = join(outDir, `${name}.pdf`);
    const other = taken.get(output);
    if (other !== undefined) {
      failures.push({
        input,
        message: `${input}: its output ${output} is also the output of ${other}; rename one`,
      });
      continue;
    }
    taken.set(output, input);
    jobs.push({ input, output });
  }
  return { jobs, failures };
}

/** When the template last changed: the given one, else the newest shipped template. */
function templateTime(template: string | undefined): number {
  const paths = template ? [loadTemplate(template).source] : listTemplates().map((t) => t.path);
  return Math.max(0, ...paths.map((p) => statSync(p).mtimeMs));
}

/**
 * An output is up to date when it is no older than its input, the photos it was made from and
 * the template (and, checked apart, was made with the same settings). A photo gone or changed
 * makes it out of date.
 */
async function upToDate(job: Job, templateMtime: number, files: string[]): Promise<boolean> {
  try {
    const [output, ...inputs] = await Promise.all(
      [job.output, job.input, ...files].map((f) => stat(f)),
    );
    const made = (output as { mtimeMs: number }).mtimeMs;
    return made >= templateMtime && inputs.every((i) => made >= i.mtimeMs);
  } catch {
    return false;
  }
}

/** The worker module beside this one: batchWorker.js when built, a tsx shim when run from source. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return join(here, "..", extname(here) === ".ts" ? "batchWorker.dev.mjs" : "batchWorker.js");
}

/**
 * For a run of many articles, each thread's heap grows by 30 %, not double, before a full
 * collection (every isolate of the process, worker threads included, reads the flag when it
 * sizes its heap). `batch --jobs 2` over 1,000 archive articles, side by side: 223-231 MB at
 * its peak and 64-69 pages/s, against 282-287 MB and 70-71 pages/s at the bin's 100 %; 50 %
 * was as slow as 30 % for 243 MB. The returned function puts back the bin's setting
 * (scripts/cli-loader.mjs): V8 stamps a code cache with the flags at the time it is written,
 * and the build writes one from a batch run.
 */
export function growHeapsSlowly(): () => void {
  // The bin's setting (its F= line), else V8's default, 0. Read here, not at load: the
  // command line's startup snapshot loads this module while it is built.
  const given = process.execArgv.find((a) => a.startsWith("--heap-growing-percent="));
  setFlagsFromString("--heap-growing-percent=30");
  return () => setFlagsFromString(given ?? "--heap-growing-percent=0");
}

/** `helpers` worker threads that render BatchTasks (none: null); the main thread renders too. */
export function helperPool(helpers: number) {
  if (helpers < 1) return null;
  // Loaded here, not at the top, where the command-line bundle would load it for every
  // command; through require, which that bundle (CommonJS, run from a V8 code cache) keeps.
  const { Piscina } = createRequire(import.meta.url)("piscina") as typeof import("piscina");
  return new Piscina<BatchTask, BatchTaskResult>({
    filename: workerFile(),
    minThreads: helpers,
    maxThreads: helpers,
    // A second task waits in each worker, so it need not wait for the main thread
    // (busy rendering) to hand it the next one.
    concurrentTasksPerWorker: 2,
    idleTimeout: 1000,
    // A small young generation: page-sized garbage dies young, and the heap stays small.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
  });
}

type Render = (task: BatchTask) => Promise<BatchTaskResult>;

/**
 * Runs `runner` twice on each thread, the main one and each of the pool's `helpers`: one task
 * renders while the other waits on its files.
 */
export function runOnThreads(
  runner: (render: Render) => Promise<void>,
  renderHere: Render,
  pool: ReturnType<typeof helperPool>,
  helpers: number,
): Promise<unknown> {
  const remote: Render = (task) => (pool as NonNullable<typeof pool>).run(task);
  return Promise.all([
    runner(renderHere),
    runner(renderHere),
    ...Array.from({ length: helpers * 2 }, () => runner(remote)),
  ]);
}

interface Progress {
  /** A file finished: `line` is the plain progress line (null: nothing to say). */
  tick(file: string, pages: number, line: string | null): void;
  /** Something to print above the bar (a failure or a warning). */
  log(line: string): void;
  stop(): void;
}

function plainProgress(stream: NodeJS.WritableStream, total: number): Progress {
  let done = 0;
  return {
    tick(_file, _pages, line) {
      done++;
      if (line !== null) stream.write(`[${done}/${total}] ${line}\n`);
    },
    log(line) {
      // About the file that is finishing: it gets the next number.
      stream.write(`[${done + 1}/${total}] ${line}\n`);
    },
    stop() {},
  };
}

function barProgress(stream: NodeJS.WriteStream, total: number): Progress {
  const started = performance.now();
  let pages = 0;
  let done = 0;
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format:
        " {bar} {value}/{total} files | {pages} pages | {rate} files/s | ETA {eta_formatted} | {file}",
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      etaBuffer: 30,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = multi.create(total, 0, { pages: 0, rate: "0.0", file: "" });
  return {
    tick(file, p) {
      pages += p;
      done++;
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? (done / seconds).toFixed(1) : "0.0";
      bar.increment(1, { pages, rate, file: basename(file) });
    },
    log(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      multi.stop();
    },
  };
}

/** Renders many articles in worker threads; prints progress and a summary line on `stream`. */
export async function runBatch(options: BatchOptions): Promise<BatchSummary> {
  const stream = options.stream ?? process.stderr;
  const started = performance.now();
  const jobsWanted = options.jobs ?? availableParallelism();
  if (!Number.isInteger(jobsWanted) || jobsWanted < 1) {
    throw new SahifaError(
      "USAGE",
      `--jobs: expected a whole number of at least 1, got ${jobsWanted}`,
    );
  }
  // A bad template fails every file: say so once, before any work.
  const templateMtime = templateTime(options.template);
  const template = options.template ? loadTemplate(options.template).source : undefined;

  try {
    await mkdir(options.outDir, { recursive: true });
  } catch (cause) {
    throw new SahifaError(
      "OUTPUT_FAILED",
      `${options.outDir}: cannot create the output folder (${describeFsError(cause)})`,
      { cause },
    );
  }

  const expanded = await expandInputs(options.inputs);
  // Outputs are named over all the inputs, so a file's PDF is the same whatever the sharding.
  const planned = planOutputs(expanded.files, options.outDir);
  const { shard } = options;
  const mine = (input: string) => !shard || shardOf(input, shard.count) === shard.index;
  const failures: Failure[] = [
    ...expanded.failures,
    ...planned.failures.filter((f) => mine(f.input)),
  ];
  const settings: BatchSettings = {
    template: template ?? null,
    strict: options.strict ?? false,
    ...(options.digits ? { digits: options.digits } : {}),
    pdf: options.pdf ?? {},
  };
  // Shards sharing an output folder each keep a record of their own: no shard overwrites
  // another's.
  const record = await readBatchRecord(options.outDir, shard);
  const todo: Job[] = [];
  let skipped = 0;
  for (const job of planned.jobs.filter((j) => mine(j.input))) {
    const current =
      !options.force &&
      record.madeWith(job.output, settings) &&
      (await upToDate(job, templateMtime, record.usedFiles(job.output)));
    if (current) skipped++;
    else todo.push(job);
  }

  const report = options.report ? await openBatchReport(options.report, started) : undefined;
  for (const f of failures) {
    stream.write(`failed: ${failureLine(f.input, f.message)}\n`);
    report?.refused(f.input, f.message);
  }
  if (skipped > 0) {
    stream.write(
      `skipped ${plural(skipped, "file")} whose PDF is up to date (--force renders again)\n`,
    );
  }

  let done = 0;
  let pages = 0;
  if (todo.length > 0) {
    const jobs = Math.min(jobsWanted, todo.length);
    // The main thread renders too, so --jobs N starts N−1 worker threads: one isolate fewer
    // (its heap, fonts and caches), and none at all for --jobs 1.
    const renderHere = (await import("./batchWorker.js")).default;
    const helpers = jobs - 1;
    const restoreHeapGrowth = growHeapsSlowly();
    const pool = helperPool(helpers);
    const tty = Boolean((stream as NodeJS.WriteStream).isTTY);
    const progress = tty
      ? barProgress(stream as NodeJS.WriteStream, todo.length)
      : plainProgress(stream, todo.length);
    // A worker that fails outside any task (it is replaced): the tasks it had fail on their own.
    pool?.on("error", (error: unknown) => {
      progress.log(`sahifa: ${oneLine(toSahifaError(error, "worker").message)}`);
    });
    const onInterrupt = () => {
      progress.stop();
      stream.write("sahifa: interrupted\n");
      process.exit(EXIT.interrupted);
    };
    process.once("SIGINT", onInterrupt);
    const queue = [...todo];
    const runner = async (render: (task: BatchTask) => Promise<BatchTaskResult>) => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const task: BatchTask = {
          input: job.input,
          output: job.output,
          strict: options.strict ?? false,
          pdf: options.pdf ?? {},
          ...(template ? { template } : {}),
          ...(options.digits ? { digits: options.digits } : {}),
        };
        let result: BatchTaskResult;
        try {
          result = await render(task);
        } catch (error) {
          // The worker itself died (out of memory, a crash): this file failed.
          const e = toSahifaError(error, job.input);
          result = {
            ok: false,
            input: job.input,
            code: e.code,
            message: e.message,
            warnings: [],
            ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
          };
        }
        report?.add(result);
        for (const w of result.warnings) progress.log(`warning: ${oneLine(w)}`);
        if (result.ok) {
          done++;
          record.made(result.output, settings, result.photos);
          pages += result.pages;
          const rel = relative(process.cwd(), result.output) || result.output;
          progress.tick(
            job.input,
            result.pages,
            `${job.input} → ${rel.startsWith("..") ? result.output : rel} (${plural(result.pages, "page")})`,
          );
        } else {
          failures.push({ input: job.input, message: result.message });
          progress.log(`failed: ${failureLine(job.input, result.message)}`);
          if (options.debug && result.stack) progress.log(result.stack);
          progress.tick(job.input, 0, null);
        }
      }
    };
    try {
      await runOnThreads(runner, renderHere, pool, helpers);
    } finally {
      progress.stop();
      process.removeListener("SIGINT", onInterrupt);
      await pool?.destroy();
      restoreHeapGrowth();
    }
    try {
      await record.save();
    } catch (cause) {
      // Only the next run's skipping depends on it: that run renders these files again.
      stream.write(`sahifa: warning: cannot write ${record.path} (${describeFsError(cause)})\n`);
    }
  }
  try {
    await report?.close();
  } catch (error) {
    // The PDFs are made; only the account of them is not.
    stream.write(`sahifa: warning: ${oneLine(toSahifaError(error, "report").message)}\n`);
  }

  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? pages / seconds : 0;
  stream.write(
    `${shard ? `${shardName(shard)}: ` : ""}done ${done}, failed ${failures.length}, skipped ${skipped}, ${plural(pages, "page")} in ${seconds.toFixed(1)} s (${rate.toFixed(1)} pages/s)\n`,
  );
  return { done, failed: failures.length, skipped, pages, seconds };
}
