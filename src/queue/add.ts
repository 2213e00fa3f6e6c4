/** `sahifa queue add`: one job per article or page plan, keyed by its work (jobKey.ts). */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { BatchTask } from "../cli/batchWorker.js";
import { expandInputs, type Failure, planOutputs } from "../cli/runBatch.js";
import { listTemplates, loadTemplate } from "../layout/template.js";
import { isPlanPath, readPlanFile } from "../makeup/plan.js";
import { describeFsError } from "../output.js";
import type { OutputOptions } from "../render.js";
import type { DigitStyle } from "../text/digits.js";
import { type Boss, QUEUE, query, SCHEMA } from "./boss.js";
import { jobId } from "./jobKey.js";

export interface AddOptions {
  inputs: string[];
  outDir: string;
  template?: string;
  strict?: boolean;
  digits?: DigitStyle;
  pdf?: OutputOptions;
  /** Attempts after the first for a job that fails on something other than its input. */
  retries: number;
  /** Seconds before the first retry; each next one waits about twice as long. */
  retryDelay: number;
  /** Give the same work whose job failed one more attempt (after fixing what made it fail). */
  retryFailed?: boolean;
}

export interface AddSummary {
  added: number;
  /** Failed jobs given one more attempt (retryFailed). */
  retried: number;
  /** Jobs already in the queue (waiting, running, done or failed) or its archive. */
  skipped: number;
  failures: Failure[];
}

/** Rows per INSERT: one statement carries them all as one JSON parameter. */
const CHUNK = 500;

/**
 * The template as the job names it: a shipped template by its name (workers find it in their
 * own install), a file by its absolute path (on the folder workers share).
 */
function templateRef(template: string): { name: string; path: string } {
  const path = loadTemplate(template).source;
  const shipped = listTemplates().some((t) => t.name === template && t.path === path);
  return { name: shipped ? template : path, path };
}

/**
 * The bytes a job's work is made of: an article's, or a plan's followed by its articles', so a
 * changed article makes the plan new work. A plan that cannot be read is left to the worker,
 * which reports it.
 */
async function workBytes(input: string): Promise<Buffer> {
  const bytes = await readFile(input);
  if (!isPlanPath(input)) return bytes;
  try {
    const plan = await readPlanFile(input);
    const articles = await Promise.all(plan.stories.map((s) => readFile(s.article)));
    return Buffer.concat([bytes, ...articles.flatMap((a) => [Buffer.from("\0"), a])]);
  } catch {
    return bytes;
  }
}

/** Queues the articles and plans; work already queued is skipped. */
export async function addJobs(boss: Boss, options: AddOptions): Promise<AddSummary> {
  // A bad template fails every article: say so once, before any work.
  const template = options.template ? templateRef(options.template) : undefined;
  const templateBytes = template ? await readFile(template.path) : undefined;
  const expanded = await expandInputs(options.inputs);
  const planned = planOutputs(expanded.files, resolve(options.outDir));
  const failures: Failure[] = [...expanded.failures, ...planned.failures];

  const jobs: { id: string; data: BatchTask }[] = [];
  for (const { input, output } of planned.jobs) {
    let bytes: Buffer;
    try {
      bytes = await workBytes(input);
    } catch (cause) {
      failures.push({ input, message: `${input}: cannot read it (${describeFsError(cause)})` });
      continue;
    }
    // Absolute paths: a worker may run in another folder, or on another machine that mounts
    // the same shared folder at the same path.
    const data: BatchTask = {
      input: resolve(input),
      output,
      strict: options.strict ?? false,
      pdf: options.pdf ?? {},
      ...(template ? { template: template.name } : {}),
      ...(options.digits ? { digits: options.digits } : {}),
    };
    jobs.push({ id: jobId(data, bytes, templateBytes), data });
  }

  let added = 0;
  let retried = 0;
  for (let i = 0; i < jobs.length; i += CHUNK) {
    const chunk = jobs.slice(i, i + CHUNK);
    const ids = chunk.map((j) => j.id);
    // pg-boss's insert skips ids it has but says nothing of them; the archive keeps finished
    // jobs for a while after they leave the job table, and they count as done too.
    const known = await query<{ id: string; state: string }>(
      boss,
      `SELECT id, state::text FROM ${SCHEMA}.job WHERE name = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id, 'archived' FROM ${SCHEMA}.archive WHERE name = $1 AND id = ANY($2::uuid[])`,
      [QUEUE, ids],
    );
    if (options.retryFailed) {
      const failed = known.filter((r) => r.state === "failed").map((r) => r.id);
      // pg-boss's retry raises the job's retry limit by one and puts it back in the queue.
      if (failed.length > 0) await boss.retry(QUEUE, failed);
      retried += failed.length;
    }
    const skip = new Set(known.map((r) => r.id));
    const fresh = chunk.filter((j) => !skip.has(j.id));
    if (fresh.length === 0) continue;
    await boss.insert(
      fresh.map((j) => ({
        id: j.id,
        name: QUEUE,
        data: j.data,
        retryLimit: options.retries,
        retryDelay: options.retryDelay,
        retryBackoff: true,
      })),
    );
    added += fresh.length;
  }
  return { added, retried, skipped: jobs.length - added - retried, failures };
}
