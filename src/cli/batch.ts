import { availableParallelism } from "node:os";
import type { Argv, CommandModule } from "yargs";
import { SahifaError } from "../errors.js";
import {
  digitsOption,
  EXIT,
  inputsPositional,
  OUTPUT_FLAGS,
  type OutputArgs,
  outputOptionsOf,
  templateOption,
} from "./common.js";
import type { BatchOptions } from "./runBatch.js";
import { parseShard, type Shard, shardFromEnv } from "./shard.js";

/** The flags: runBatch's options, with the output flags in place of its `pdf` and `shard`. */
type BatchArgs = Omit<BatchOptions, "pdf" | "stream" | "shard"> &
  OutputArgs & { shard?: string; shardFromEnv?: boolean; shardCount?: number };

/** The shard the flags ask for, if any. */
function shardOf(args: BatchArgs): Shard | undefined {
  if (args.shard !== undefined && args.shardFromEnv) {
    throw new SahifaError("USAGE", "--shard and --shard-from-env: give one or the other");
  }
  if (args.shard !== undefined) return parseShard(args.shard);
  if (args.shardFromEnv) return shardFromEnv(process.env, args.shardCount);
  if (args.shardCount !== undefined) {
    throw new SahifaError("USAGE", "--shard-count goes with --shard-from-env");
  }
  return undefined;
}

export const batchCommand: CommandModule<object, BatchArgs> = {
  command: "batch <inputs..>",
  describe: "Render many articles and page plans (files, folders or globs) to PDFs in parallel",
  builder: (yargs: Argv<object>) =>
    yargs
      .positional("inputs", inputsPositional)
      .option("out-dir", {
        alias: "d",
        type: "string",
        demandOption: true,
        describe: "Folder for the PDFs (created if missing); story.md → DIR/story.pdf",
      })
      .option("jobs", {
        alias: "j",
        type: "number",
        describe: `Articles rendered at once: the main thread and N−1 worker threads (default: the number of CPUs, ${availableParallelism()})`,
      })
      .option("report", {
        type: "string",
        describe:
          "Write one JSON line per file rendered or failed, as it finishes: input, output, pages, ms, thread, at (ms from the start), code and message",
      })
      .option("force", {
        alias: "f",
        type: "boolean",
        default: false,
        describe: "Render even the PDFs that are up to date",
      })
      .option("shard", {
        type: "string",
        describe:
          "Render only shard i of N (1-based, like 2/3): the inputs whose relative path hashes to it",
      })
      .option("shard-from-env", {
        type: "boolean",
        describe:
          "Take the shard from the scheduler: JOB_COMPLETION_INDEX (Kubernetes), SLURM_ARRAY_TASK_ID (Slurm), AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch)",
      })
      .option("shard-count", {
        type: "number",
        describe: "The number of shards, with --shard-from-env on Kubernetes and AWS Batch",
      })
      .option("template", templateOption)
      .option("digits", digitsOption)
      .options(OUTPUT_FLAGS)
      .option("strict", {
        type: "boolean",
        default: false,
        describe: "Fail a file instead of warning when the fonts lack some of its characters",
      })
      .example("$0 batch 'stories/*.md' -d out", "Render every Markdown story into out/")
      .example("$0 batch a.md b.json c.txt -d out -j 2", "Three files on two threads")
      .example("$0 batch stories -d out --force -t a3-5col", "A folder, all re-rendered on A3")
      .example("$0 batch archive -d out --shard 2/8", "The second of eight machines' share")
      .epilog(
        "Outputs no older than their input and the template are skipped. Bad files are " +
          "reported and skipped; the exit code is 1 if any file failed.",
      ) as unknown as Argv<BatchArgs>,
  handler: async (args) => {
    const shard = shardOf(args);
    const { runBatch } = await import("./runBatch.js");
    const summary = await runBatch({
      ...(shard ? { shard } : {}),
      inputs: args.inputs,
      outDir: args.outDir,
      ...(args.jobs !== undefined ? { jobs: args.jobs } : {}),
      force: args.force ?? false,
      strict: args.strict ?? false,
      debug: args.debug ?? false,
      ...(args.template ? { template: args.template } : {}),
      ...(args.digits ? { digits: args.digits } : {}),
      ...(args.report ? { report: args.report } : {}),
      pdf: outputOptionsOf(args),
    });
    if (summary.failed > 0) process.exitCode = EXIT.badInput;
  },
};
