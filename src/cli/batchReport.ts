/**
 * `sahifa batch --report FILE`: one JSON line per file as it finishes, to audit a run (which
 * file failed, and why) and to time it (how long each file took, on which thread, and when).
 */
import { type FileHandle, open } from "node:fs/promises";
import { SahifaError } from "../errors.js";
import { describeFsError } from "../output.js";
import type { BatchTaskResult } from "./batchWorker.js";

/** One line of the report. */
export interface ReportLine {
  input: string;
  ok: boolean;
  output?: string;
  pages?: number;
  /** The render's own time, ms. */
  ms?: number;
  /** The thread that rendered it: 0 is the main thread. */
  thread?: number;
  /** When it finished, ms from the batch's start. */
  at: number;
  code?: string;
  message?: string;
}

export interface BatchReport {
  /** A file rendered, or failed while rendering. */
  add(result: BatchTaskResult): void;
  /** A file that failed before rendering (not found, an output name taken twice). */
  refused(input: string, message: string): void;
  /** Writes what is left; a failure to write is said once, here. */
  close(): Promise<void>;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Opens (or empties) the report file before any rendering, so a bad path fails at once. */
export async function openBatchReport(path: string, started: number): Promise<BatchReport> {
  let file: FileHandle;
  try {
    file = await open(path, "w");
  } catch (cause) {
    throw new SahifaError(
      "OUTPUT_FAILED",
      `${path}: cannot write the report (${describeFsError(cause)})`,
      { cause },
    );
  }
  let failure: unknown;
  // Lines go out in the order files finish, one write after another.
  let written = Promise.resolve();
  const write = (line: ReportLine) => {
    const text = `${JSON.stringify(line)}\n`;
    written = written.then(async () => {
      if (failure === undefined) await file.write(text).catch((cause) => (failure = cause));
    });
  };
  const at = () => round(performance.now() - started);
  return {
    add(result) {
      write({
        input: result.input,
        ok: result.ok,
        ...(result.ok ? { output: result.output, pages: result.pages } : {}),
        ...(result.ms !== undefined ? { ms: round(result.ms) } : {}),
        ...(result.thread !== undefined ? { thread: result.thread } : {}),
        at: at(),
        ...(result.ok ? {} : { code: result.code, message: result.message }),
      });
    },
    refused(input, message) {
      write({ input, ok: false, at: at(), message });
    },
    async close() {
      await written;
      await file.close().catch((cause) => (failure ??= cause));
      if (failure !== undefined) {
        throw new SahifaError(
          "OUTPUT_FAILED",
          `${path}: cannot write the report (${describeFsError(failure)})`,
          { cause: failure },
        );
      }
    },
  };
}
