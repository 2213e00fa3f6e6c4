/**
 * Static shards of a batch, for any scheduler: shard i of N renders the inputs whose relative
 * path hashes to i. A file's shard depends on its path alone, so adding files moves none.
 */
import { createHash } from "node:crypto";
import { relative, sep } from "node:path";
import { SahifaError } from "../errors.js";

/** One shard: `index` counts from 1, as Playwright, Jest and `node --test-shard` do. */
export interface Shard {
  index: number;
  count: number;
}

const usage = (message: string) => new SahifaError("USAGE", message);

/** "2/3" → shard 2 of 3. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw usage(`--shard: expected i/N with 1 ≤ i ≤ N (like 2/3), got "${text}"`);
  }
  return { index, count };
}

/** A whole number of at least `min` from an environment variable, or a usage error naming it. */
function whole(env: NodeJS.ProcessEnv, name: string, min: number): number {
  const text = env[name] ?? "";
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min) {
    throw usage(
      `--shard-from-env: ${name} should be a whole number of at least ${min}, got "${text}"`,
    );
  }
  return value;
}

/**
 * The shard a scheduler's array job gives this process: Kubernetes Indexed Jobs
 * (JOB_COMPLETION_INDEX, from 0; the count is `count`, their `completions`), Slurm arrays
 * (SLURM_ARRAY_TASK_ID from SLURM_ARRAY_TASK_MIN in steps of SLURM_ARRAY_TASK_STEP, and
 * SLURM_ARRAY_TASK_COUNT) and AWS Batch arrays (AWS_BATCH_JOB_ARRAY_INDEX, from 0; the count
 * is `count`, their array size).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv, count?: number): Shard {
  const counted = (index: number, name: string): Shard => {
    if (count === undefined) {
      throw usage(`--shard-from-env: ${name} is set; give the number of shards with --shard-count`);
    }
    if (index >= count) {
      throw usage(`--shard-from-env: ${name} is ${index}, past --shard-count ${count}`);
    }
    return { index: index + 1, count };
  };
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    return counted(whole(env, "JOB_COMPLETION_INDEX", 0), "JOB_COMPLETION_INDEX");
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = whole(env, "SLURM_ARRAY_TASK_ID", 0);
    const min = env.SLURM_ARRAY_TASK_MIN !== undefined ? whole(env, "SLURM_ARRAY_TASK_MIN", 0) : 0;
    const step =
      env.SLURM_ARRAY_TASK_STEP !== undefined ? whole(env, "SLURM_ARRAY_TASK_STEP", 1) : 1;
    const total = whole(env, "SLURM_ARRAY_TASK_COUNT", 1);
    const index = (id - min) / step;
    if (!Number.isInteger(index) || index < 0 || index >= total) {
      throw usage(
        `--shard-from-env: SLURM_ARRAY_TASK_ID ${id} is not one of ${total} tasks from ${min} in steps of ${step}`,
      );
    }
    return { index: index + 1, count: total };
  }
  if (env.AWS_BATCH_JOB_ARRAY_INDEX !== undefined) {
    return counted(whole(env, "AWS_BATCH_JOB_ARRAY_INDEX", 0), "AWS_BATCH_JOB_ARRAY_INDEX");
  }
  throw usage(
    "--shard-from-env: none of JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID or AWS_BATCH_JOB_ARRAY_INDEX is set",
  );
}

/**
 * The shard (from 1) of an input, by its path relative to the working folder with "/"
 * separators: every machine that runs the batch from the same place agrees.
 */
export function shardOf(input: string, count: number, cwd = process.cwd()): number {
  const path = relative(cwd, input).split(sep).join("/");
  const digest = createHash("sha256").update(path).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

/** "shard 2/3" for messages. */
export const shardName = (shard: Shard) => `shard ${shard.index}/${shard.count}`;
