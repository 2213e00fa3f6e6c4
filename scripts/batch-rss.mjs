#!/usr/bin/env node
// One `sahifa batch` run over N distinct archive articles (scripts/archive-corpus.mjs) with J
// threads: peak RSS, time and pages/s. Usage: node scripts/batch-rss.mjs N J (npm run build first).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArchive } from "./archive-corpus.mjs";
import { peakOf } from "./peak.mjs";

const [count, jobs] = process.argv.slice(2).map(Number);
const dir = mkdtempSync(join(tmpdir(), "rss-"));
writeArchive(join(dir, "in"), count, 16);
const r = await peakOf([
  "batch",
  join(dir, "in"),
  "--out-dir",
  join(dir, "out"),
  "--jobs",
  String(jobs),
  "--force",
]);
console.log(
  `${count} articles, jobs ${jobs}: ${Math.round(r.peakKb / 1024)} MB peak, ${(r.ms / 1000).toFixed(1)} s, ${/\(([\d.]+) pages\/s\)/.exec(r.stderr)?.[1]} pages/s`,
);
rmSync(dir, { recursive: true, force: true });
