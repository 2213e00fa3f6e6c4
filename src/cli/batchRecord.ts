import { readFile, rename, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { OutputOptions } from "../render.js";
import type { DigitStyle } from "../text/digits.js";
import type { Shard } from "./shard.js";

/** What makes two renderings of the same article the same PDF, besides the files' contents. */
export interface BatchSettings {
  template: string | null;
  strict: boolean;
  digits?: DigitStyle;
  pdf: OutputOptions;
}

/**
 * The settings each PDF of an output folder was made with, kept beside them: a PDF newer than
 * its article is not up to date if it was made as plain PDF and PDF/A is asked for now.
 */
export interface BatchRecord {
  /** Whether `output` was made with these settings. */
  madeWith(output: string, settings: BatchSettings): boolean;
  /** The files besides the article that `output` was made from (its photos). */
  usedFiles(output: string): string[];
  /** Notes that `output` has just been made with these settings, from these other files. */
  made(output: string, settings: BatchSettings, files?: readonly string[]): void;
  /** Writes the record (whole, or not at all). */
  save(): Promise<void>;
  /** Where it is kept. */
  path: string;
}

/** The record's file: one per shard, as shards may run at once into one folder. */
const fileOf = (shard?: Shard) =>
  shard ? `.sahifa-batch.shard-${shard.index}-of-${shard.count}.json` : ".sahifa-batch.json";

/** A stable text for settings: keys sorted at every level. */
function settingsKey(settings: BatchSettings): string {
  const sorted = (value: unknown): unknown =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, v]) => [k, sorted(v)]),
        )
      : value;
  return JSON.stringify(sorted(settings));
}

/** Reads the record of an output folder; a missing or unreadable one records nothing. */
export async function readBatchRecord(outDir: string, shard?: Shard): Promise<BatchRecord> {
  const path = join(outDir, fileOf(shard));
  // Each output's settings, and with photos the files they came from (relative to outDir).
  let entries: Record<string, string | { settings: string; files: string[] }> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
    if (parsed && typeof parsed === "object") entries = parsed as typeof entries;
  } catch {}
  const name = (output: string) => relative(outDir, output);
  const entry = (output: string) => {
    const e = entries[name(output)];
    return typeof e === "string" ? { settings: e, files: [] } : e;
  };
  return {
    path,
    madeWith: (output, settings) => entry(output)?.settings === settingsKey(settings),
    usedFiles: (output) => (entry(output)?.files ?? []).map((f) => join(outDir, f)),
    made(output, settings, files = []) {
      entries[name(output)] =
        files.length === 0
          ? settingsKey(settings)
          : { settings: settingsKey(settings), files: files.map((f) => relative(outDir, f)) };
    },
    async save() {
      const sorted = Object.fromEntries(Object.entries(entries).sort());
      const temp = `${path}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(sorted, null, 1)}\n`);
      await rename(temp, path);
    },
  };
}
