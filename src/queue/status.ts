/** `sahifa queue status`: how far the queue has got. */
import { type Boss, QUEUE, query, SCHEMA } from "./boss.js";

export interface QueueStatus {
  /** Jobs not started yet, or failed and waiting for their retry. */
  waiting: number;
  active: number;
  completed: number;
  failed: number;
  /** Pages of the jobs completed in the last minute, per second. */
  pagesPerSecond: number;
  /** The failed jobs, newest first (at most FAILURES_SHOWN). */
  failures: { input: string; reason: string; at: string }[];
}

const FAILURES_SHOWN = 50;

/** The counts of the job table (finished jobs move to the archive after 12 hours). */
export async function queueStatus(boss: Boss): Promise<QueueStatus> {
  const [counts, recent, failures] = await Promise.all([
    query<{ state: string; count: string }>(
      boss,
      `SELECT state, count(*) AS count FROM ${SCHEMA}.job WHERE name = $1 GROUP BY state`,
      [QUEUE],
    ),
    query<{ pages: string | null }>(
      boss,
      `SELECT sum((output->>'pages')::int) AS pages FROM ${SCHEMA}.job
       WHERE name = $1 AND state = 'completed' AND completed_on > now() - interval '1 minute'`,
      [QUEUE],
    ),
    // A job that expired on its last attempt has pg-boss's reason ({ value: { message } }).
    query<{ input: string; reason: string | null; at: Date }>(
      boss,
      `SELECT data->>'input' AS input, COALESCE(output->>'message', output#>>'{value,message}') AS reason, completed_on AS at
       FROM ${SCHEMA}.job WHERE name = $1 AND state = 'failed'
       ORDER BY completed_on DESC LIMIT ${FAILURES_SHOWN}`,
      [QUEUE],
    ),
  ]);
  const count = (...states: string[]) =>
    counts.filter((c) => states.includes(c.state)).reduce((n, c) => n + Number(c.count), 0);
  return {
    waiting: count("created", "retry"),
    active: count("active"),
    completed: count("completed"),
    failed: count("failed"),
    pagesPerSecond: Number(recent[0]?.pages ?? 0) / 60,
    failures: failures.map((f) => ({
      input: f.input,
      reason: f.reason ?? "failed",
      at: f.at.toISOString(),
    })),
  };
}
