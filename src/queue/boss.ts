/**
 * The connection to the job queue: pg-boss over PostgreSQL. pg-boss creates (and migrates) its
 * own schema, `pgboss`, on first use; sahifa's jobs live in one queue, QUEUE.
 */
import { createRequire } from "node:module";
import type PgBoss from "pg-boss";
import { printWarning } from "../cli/common.js";
import { SahifaError } from "../errors.js";

export type Boss = PgBoss;

/** The queue every sahifa job goes to. */
export const QUEUE = "sahifa-render";

/** pg-boss's schema (its default), for the few queries its API has no call for. */
export const SCHEMA = "pgboss";

export interface ConnectOptions {
  /** A postgres:// URL. */
  url: string;
  /**
   * Whether this process expires jobs whose worker died, archives old ones and so on, every
   * `maintenanceSeconds` (workers do; `add` and `status` only come and go).
   */
  maintenanceSeconds?: number;
}

/** The URL without its password, to name the database in messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(not a URL)";
  }
}

function checkUrl(url: string): void {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new SahifaError("USAGE", `--database: expected a postgres:// URL, got "${url}"`);
  }
  if (protocol !== "postgres:" && protocol !== "postgresql:") {
    throw new SahifaError(
      "USAGE",
      `--database: expected a postgres:// URL, got a ${protocol.slice(0, -1)} URL`,
    );
  }
}

/** Why a connection failed, in one line: the system's or the server's code and words. */
function connectionProblem(cause: unknown): string {
  const e = cause as { code?: string; message?: string; errors?: unknown[] };
  // Node reports a host with several addresses as an AggregateError without a message.
  const first = (e.errors?.[0] as { code?: string; message?: string } | undefined) ?? e;
  const message = first.message || e.message || String(cause);
  return message.split("\n")[0] ?? message;
}

/** A started pg-boss on `url`, its schema and sahifa's queue made if missing. */
export async function connect(options: ConnectOptions): Promise<Boss> {
  checkUrl(options.url);
  // Loaded here, through require, like piscina in runBatch.ts: only queue commands pay for it.
  const PgBossClass = createRequire(import.meta.url)("pg-boss") as typeof PgBoss;
  const maintenance = options.maintenanceSeconds;
  const boss = new PgBossClass({
    connectionString: options.url,
    application_name: "sahifa",
    // A server that does not answer is reported, not waited on for ever (passed on to pg.Pool).
    connectionTimeoutMillis: 10_000,
    max: 4,
    schedule: false,
    supervise: maintenance !== undefined,
    ...(maintenance !== undefined ? { maintenanceIntervalSeconds: maintenance } : {}),
  } as PgBoss.ConstructorOptions);
  // pg-boss reports trouble in its timers as events; unheard, an "error" event would throw.
  boss.on("error", (error) => printWarning(`queue: ${connectionProblem(error)}`));
  try {
    await boss.start();
    if (!(await boss.getQueue(QUEUE))) await boss.createQueue(QUEUE, { name: QUEUE });
  } catch (cause) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw new SahifaError(
      "INPUT_NOT_FOUND",
      `${redactUrl(options.url)}: cannot use the database (${connectionProblem(cause)})`,
      { cause },
    );
  }
  return boss;
}

/** Runs a query of pg-boss's schema through its connection pool. */
export async function query<Row>(boss: Boss, text: string, values: unknown[]): Promise<Row[]> {
  return (await boss.getDb().executeSql(text, values)).rows as Row[];
}
