#!/usr/bin/env node
// sahifa's speed on the seed article (A4, three columns): `npm run bench` prints a table;
// `npm run bench -- --json` prints the same figures as one JSON object on the last line.
// It runs the built package (dist/), so `npm run build` first (npm ci does).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli/main.js");
const seed = join(root, "examples/jaafari-lavrov.md");
const json = process.argv.includes("--json");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), "sahifa-bench-"));

// Warm: one process, the seed page rendered again and again after a warm-up.
const { readArticleFile, renderArticle, createShaper } = await import(join(root, "dist/index.js"));
const { loadFont } = await import(join(root, "dist/fonts/registry.js"));
const article = await readArticleFile(seed);
let pdf;
for (let i = 0; i < 5; i++) pdf = await renderArticle(article);
const warm = [];
for (let i = 0; i < 30; i++) {
  const t = performance.now();
  pdf = await renderArticle(article);
  warm.push(performance.now() - t);
}

// Shaping: every word of the seed with a fresh cache, after the engine has warmed up.
const words = readFileSync(join(root, "examples/jaafari-lavrov.txt"), "utf8")
  .split(/\s+/)
  .filter(Boolean);
const font = loadFont(join(root, "fonts/Amiri-Regular.ttf"));
const shapeRuns = [];
for (let r = 0; r < 15; r++) {
  const shaper = createShaper();
  const t = performance.now();
  for (const w of words) shaper.shape(w, { font, direction: "rtl" });
  shapeRuns.push(((performance.now() - t) * 1000) / words.length);
}

// Cold: whole `sahifa render` processes.
const cold = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [cli, "render", seed, "-o", join(work, "cold.pdf")], {
    stdio: "ignore",
  });
  cold.push(performance.now() - t);
}

// Batch: 100 articles through `sahifa batch --jobs 2`, in a process whose peak RSS we read.
const inputs = join(work, "in");
mkdirSync(inputs);
const text = readFileSync(seed, "utf8");
for (let i = 0; i < 100; i++) writeFileSync(join(inputs, `story-${i}.md`), text);
const batch = spawnSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    `const { runBatch } = await import(${JSON.stringify(join(root, "dist/cli/runBatch.js"))});
     const s = await runBatch({ inputs: [${JSON.stringify(inputs)}], outDir: ${JSON.stringify(join(work, "out"))}, jobs: 2, force: true, stream: { isTTY: false, write() { return true; } } });
     console.log(JSON.stringify({ ...s, rss: process.resourceUsage().maxRSS }));`,
  ],
  { encoding: "utf8" },
);
if (batch.status !== 0) throw new Error(`batch run failed: ${batch.stderr}`);
const summary = JSON.parse(batch.stdout.trim().split("\n").at(-1));
rmSync(work, { recursive: true, force: true });

const figures = {
  warmMsPerPage: Number(median(warm).toFixed(2)),
  coldProcessMs: Math.round(median(cold)),
  batchPagesPerSecond: Number((summary.pages / summary.seconds).toFixed(1)),
  peakRssMb: Math.round(summary.rss / 1024),
  shapeUsPerWord: Number(median(shapeRuns).toFixed(2)),
  pdfBytes: pdf.length,
};
const targets = {
  warmMsPerPage: "≤ 8",
  coldProcessMs: "≤ 120",
  batchPagesPerSecond: "≥ 150",
  peakRssMb: "≤ 200",
  shapeUsPerWord: "",
  pdfBytes: "≤ 61440",
};
if (json) console.log(JSON.stringify(figures));
else
  console.table(
    Object.entries(figures).map(([measure, value]) => ({
      measure,
      value,
      target: targets[measure],
    })),
  );
