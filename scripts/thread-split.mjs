#!/usr/bin/env node
// The main-thread/worker split of `sahifa batch`: runs it with --jobs 1 and --jobs 2 (in turn,
// `--rounds` times) over N distinct archive articles (scripts/archive-corpus.mjs), and reads its
// --report to tell each thread's share: files, when its first finished, and the mean time of a
// render (two run at a time on each thread) over its 1st-10th, 11th-50th, 51st-200th files and
// the rest. Also pages/s and peak RSS of the whole process.
// Usage: node scripts/thread-split.mjs [N=1000] [--rounds R=1]. Runs the built command line.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArchive } from "./archive-corpus.mjs";
import { peakOf } from "./peak.mjs";

const count = Number(process.argv[2] ?? 1000);
const roundsAt = process.argv.indexOf("--rounds");
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 1;
const work = mkdtempSync(join(tmpdir(), "sahifa-split-"));
const RANGES = [
  [0, 10],
  [10, 50],
  [50, 200],
  [200, Number.POSITIVE_INFINITY],
];

try {
  const input = join(work, "in");
  writeArchive(input, count, 16);
  for (let round = 0; round < rounds; round++) {
    for (const jobs of [1, 2]) {
      const report = join(work, "report.jsonl");
      const out = join(work, `out-${jobs}`);
      const run = await peakOf([
        "batch",
        input,
        "-d",
        out,
        "-j",
        String(jobs),
        "--force",
        "--report",
        report,
      ]);
      const rate = /\(([\d.]+) pages\/s\)/.exec(run.stderr)?.[1];
      console.log(
        `--jobs ${jobs}: ${rate} pages/s, ${Math.round(run.peakKb / 1024)} MB peak, ${(run.ms / 1000).toFixed(1)} s`,
      );
      const lines = readFileSync(report, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      const threads = new Map();
      for (const line of lines.filter((l) => l.ok)) {
        const list = threads.get(line.thread) ?? [];
        list.push(line);
        threads.set(line.thread, list);
      }
      const mean = (list) => list.reduce((sum, l) => sum + l.ms, 0) / list.length;
      console.table(
        Object.fromEntries(
          [...threads].map(([thread, list]) => [
            thread === 0 ? "main thread" : `worker ${thread}`,
            {
              files: list.length,
              "first done, ms": Math.round(list[0].at),
              ...Object.fromEntries(
                RANGES.map(([from, to]) => {
                  const part = list.slice(from, to);
                  const label = `ms ${from + 1}-${to === Number.POSITIVE_INFINITY ? "" : to}`;
                  return [label, part.length ? Number(mean(part).toFixed(1)) : "-"];
                }),
              ),
            },
          ]),
        ),
      );
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
