/**
 * `sahifa queue add|work|status`: batch rendering spread over worker processes (on one machine
 * or many) through a job queue in PostgreSQL (src/queue/).
 */
import { availableParallelism } from "node:os";
import type { Argv, CommandModule } from "yargs";
import { SahifaError } from "../errors.js";
import type { DigitStyle } from "../text/digits.js";
import {
  digitsOption,
  EXIT,
  inputsPositional,
  OUTPUT_FLAGS,
  type OutputArgs,
  outputOptionsOf,
  plural,
  templateOption,
} from "./common.js";
import { failureLine } from "./runBatch.js";

interface QueueArgs {
  database?: string;
}

interface AddArgs extends QueueArgs, OutputArgs {
  inputs: string[];
  outDir: string;
  template?: string;
  digits?: DigitStyle;
  strict?: boolean;
  retries: number;
  retryDelay: number;
  retryFailed?: boolean;
}

interface WorkArgs extends QueueArgs {
  concurrency?: number;
  jobTimeout: number;
  metricsPort?: number;
  metricsHost: string;
  debug?: boolean;
}

interface StatusArgs extends QueueArgs {
  json?: boolean;
}

function databaseUrl(args: QueueArgs): string {
  const url = args.database ?? process.env.DATABASE_URL;
  if (!url) {
    throw new SahifaError(
      "USAGE",
      "name the database with --database postgres://user:password@host/db or DATABASE_URL",
    );
  }
  return url;
}

function wholeNumber(flag: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SahifaError(
      "USAGE",
      `--${flag}: expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}, got ${value}`,
    );
  }
  return value;
}

const addCommand: CommandModule<object, AddArgs> = {
  command: "add <inputs..>",
  describe: "Queue one render job per article or page plan (files, folders or globs)",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("inputs", inputsPositional)
      .option("out-dir", {
        alias: "d",
        type: "string",
        demandOption: true,
        describe: "Folder for the PDFs, as the workers see it; story.md → DIR/story.pdf",
      })
      .option("template", templateOption)
      .option("digits", digitsOption)
      .options(OUTPUT_FLAGS)
      .option("strict", {
        type: "boolean",
        default: false,
        describe: "Fail an article instead of warning when the fonts lack some of its characters",
      })
      .option("retries", {
        type: "number",
        default: 3,
        describe: "Retries of a job that fails for a reason other than its input",
      })
      .option("retry-delay", {
        type: "number",
        default: 10,
        describe: "Seconds before the first retry; each next one waits about twice as long",
      })
      .option("retry-failed", {
        type: "boolean",
        default: false,
        describe: "Give the same work whose job failed one more attempt",
      })
      .example(
        "$0 queue add 'stories/*.md' -d /shared/out",
        "Queue every story",
      ) as unknown as Argv<AddArgs>,
  handler: async (args) => {
    const pdf = outputOptionsOf(args);
    const retries = wholeNumber("retries", args.retries, 0, 100);
    const retryDelay = wholeNumber("retry-delay", args.retryDelay, 0, 3600);
    const url = databaseUrl(args);
    const { connect } = await import("../queue/boss.js");
    const { addJobs } = await import("../queue/add.js");
    const boss = await connect({ url });
    try {
      const summary = await addJobs(boss, {
        inputs: args.inputs,
        outDir: args.outDir,
        strict: args.strict ?? false,
        pdf,
        retries,
        retryDelay,
        retryFailed: args.retryFailed ?? false,
        ...(args.template ? { template: args.template } : {}),
        ...(args.digits ? { digits: args.digits } : {}),
      });
      for (const f of summary.failures) {
        process.stderr.write(`failed: ${failureLine(f.input, f.message)}\n`);
      }
      process.stderr.write(
        `added ${plural(summary.added, "job")}, ${args.retryFailed ? `retried ${summary.retried} failed, ` : ""}skipped ${summary.skipped} already queued or done, failed ${summary.failures.length}\n`,
      );
      if (summary.failures.length > 0) process.exitCode = EXIT.badInput;
    } finally {
      await boss.stop({ graceful: false });
    }
  },
};

const workCommand: CommandModule<object, WorkArgs> = {
  command: "work",
  describe: "Render queued jobs until stopped (SIGTERM or Ctrl-C finish the jobs taken)",
  builder: (yargs: Argv<object>) =>
    yargs
      .option("concurrency", {
        alias: "c",
        type: "number",
        describe: `Threads rendering at once, two jobs each (default: the number of CPUs, ${availableParallelism()})`,
      })
      .option("job-timeout", {
        type: "number",
        default: 60,
        describe: "Seconds before a job taken by a worker that died goes to another",
      })
      .option("metrics-port", {
        type: "number",
        describe: "Serve Prometheus metrics at http://HOST:PORT/metrics (0: any free port)",
      })
      .option("metrics-host", {
        type: "string",
        default: "127.0.0.1",
        describe: "Address the metrics server listens on",
      })
      .example(
        "$0 queue work -c 4 --metrics-port 9464",
        "Four threads, metrics for Prometheus",
      ) as unknown as Argv<WorkArgs>,
  handler: async (args) => {
    const concurrency = wholeNumber(
      "concurrency",
      args.concurrency ?? availableParallelism(),
      1,
      1024,
    );
    const jobTimeout = wholeNumber("job-timeout", args.jobTimeout, 1, 86_399);
    const metricsPort =
      args.metricsPort === undefined
        ? undefined
        : wholeNumber("metrics-port", args.metricsPort, 0, 65_535);
    const url = databaseUrl(args);
    const { connect, redactUrl } = await import("../queue/boss.js");
    const { runWorker } = await import("../queue/work.js");
    const { createMetrics, serveMetrics } = await import("../queue/metrics.js");

    const stopping = new AbortController();
    const stop = () => {
      // A second signal does not wait.
      if (stopping.signal.aborted) process.exit(EXIT.interrupted);
      process.stderr.write("sahifa: stopping: finishing the jobs taken (again to quit now)\n");
      stopping.abort();
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);

    // Lost jobs are looked for at least twice per timeout, so one comes back within 1.5 of it.
    const boss = await connect({
      url,
      maintenanceSeconds: Math.max(1, Math.min(60, Math.floor(jobTimeout / 2))),
    });
    const metrics = metricsPort === undefined ? undefined : createMetrics();
    const server =
      metrics && metricsPort !== undefined
        ? await serveMetrics(metrics, metricsPort, args.metricsHost)
        : undefined;
    try {
      const address = server?.address();
      if (address && typeof address === "object") {
        process.stderr.write(
          `sahifa: metrics at http://${args.metricsHost}:${address.port}/metrics\n`,
        );
      }
      process.stderr.write(
        `sahifa: working on ${redactUrl(url)} with ${plural(concurrency, "thread")}\n`,
      );
      const summary = await runWorker(boss, {
        concurrency,
        jobTimeout,
        signal: stopping.signal,
        debug: args.debug ?? false,
        ...(metrics ? { metrics } : {}),
      });
      process.stderr.write(
        `stopped: done ${summary.done}, failed ${summary.failed}, retried ${summary.retried}, ${plural(summary.pages, "page")}\n`,
      );
    } finally {
      server?.close();
      await boss.stop({ graceful: false });
      process.removeListener("SIGTERM", stop);
      process.removeListener("SIGINT", stop);
    }
  },
};

const statusCommand: CommandModule<object, StatusArgs> = {
  command: "status",
  describe: "Jobs waiting, active, completed and failed (with reasons), and pages/s",
  builder: (yargs: Argv<object>) =>
    yargs.option("json", {
      type: "boolean",
      default: false,
      describe: "The same as JSON",
    }) as unknown as Argv<StatusArgs>,
  handler: async (args) => {
    const url = databaseUrl(args);
    const { connect } = await import("../queue/boss.js");
    const { queueStatus } = await import("../queue/status.js");
    const boss = await connect({ url });
    try {
      const status = await queueStatus(boss);
      if (args.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const lines = [
        `waiting    ${status.waiting}`,
        `active     ${status.active}`,
        `completed  ${status.completed}`,
        `failed     ${status.failed}`,
        `pages/s    ${status.pagesPerSecond.toFixed(1)} (last minute)`,
        ...status.failures.map((f) => `failed: ${f.reason}`),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    } finally {
      await boss.stop({ graceful: false });
    }
  },
};

export const queueCommand: CommandModule<object, QueueArgs> = {
  command: "queue",
  describe: "Render through a job queue in PostgreSQL, with workers on many machines",
  builder: (yargs: Argv<object>) =>
    yargs
      .option("database", {
        type: "string",
        describe: "PostgreSQL URL, postgres://user:password@host:5432/db (default: $DATABASE_URL)",
      })
      .command(addCommand as unknown as CommandModule<QueueArgs, AddArgs>)
      .command(workCommand as unknown as CommandModule<QueueArgs, WorkArgs>)
      .command(statusCommand as unknown as CommandModule<QueueArgs, StatusArgs>)
      .demandCommand(1, "name a queue command: add, work, status") as unknown as Argv<QueueArgs>,
  handler: () => {},
};
