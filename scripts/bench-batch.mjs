#!/usr/bin/env node
// Batch at archive scale: `sahifa batch --jobs 2` over 100 and over 1,000 distinct articles
// (scripts/archive-corpus.mjs), pages per second and the whole process's peak RSS (threads
// included, VmHWM from /proc). Prints a table, and the figures as JSON on the last line.
// Runs the built command line: `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArchive } from "./archive-corpus.mjs";
import { peakOf } from "./peak.mjs";

const work = mkdtempSync(join(tmpdir(), "sahifa-archive-"));

const figures = {};
try {
  for (const count of [100, 1000]) {
    const dir = join(work, `in-${count}`);
    mkdirSync(dir);
    writeArchive(dir, count, 16);
    const out = join(work, `out-${count}`);
    const run = await peakOf(["batch", dir, "--out-dir", out, "--jobs", "2", "--force"]);
    const pages = Number(/(\d+) pages? in/.exec(run.stderr)?.[1]);
    figures[`batch${count}PagesPerSecond`] = Number(((pages * 1000) / run.ms).toFixed(1));
    figures[`batch${count}Pages`] = pages;
    figures[`batch${count}PeakRssMb`] = Math.round(run.peakKb / 1024);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.table(figures);
console.log(JSON.stringify(figures));
