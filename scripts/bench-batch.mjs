#!/usr/bin/env node
// Batch at archive scale: `sahifa batch --jobs 2` over 100 and over 1,000 distinct articles
// (scripts/archive-corpus.mjs), and the 1,000 again with no photo shared between articles: pages
// per second and the whole process's peak RSS (threads included, VmHWM from /proc). Prints a table, and the figures as JSON on the last line.
// Runs the built command line: `npm run build` first.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArchive } from "./archive-corpus.mjs";
import { peakOf } from "./peak.mjs";

const work = mkdtempSync(join(tmpdir(), "sahifa-archive-"));

// The corpus shares 3 photos among its photo articles, which the photo memo turns into one
// decode each; "DistinctPhotos" is the same 1,000 articles with every photo a file of its own.
const runs = [
  ["batch100", 100, {}],
  ["batch1000", 1000, {}],
  ["batch1000DistinctPhotos", 1000, { distinctPhotos: true }],
];
const figures = {};
try {
  for (const [name, count, options] of runs) {
    const dir = join(work, `in-${name}`);
    mkdirSync(dir);
    writeArchive(dir, count, 16, options);
    const out = join(work, `out-${name}`);
    const run = await peakOf(["batch", dir, "--out-dir", out, "--jobs", "2", "--force"]);
    const pages = Number(/(\d+) pages? in/.exec(run.stderr)?.[1]);
    figures[`${name}PagesPerSecond`] = Number(((pages * 1000) / run.ms).toFixed(1));
    figures[`${name}Pages`] = pages;
    figures[`${name}PeakRssMb`] = Math.round(run.peakKb / 1024);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.table(figures);
console.log(JSON.stringify(figures));
