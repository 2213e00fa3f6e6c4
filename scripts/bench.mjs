#!/usr/bin/env node
// sahifa's speed on the seed article (A4, three columns), and what a photo adds to a page: `npm run bench` prints a table;
// `npm run bench -- --json` prints the same figures as one JSON object on the last line. Batch at
// archive scale (scripts/bench-batch.mjs: 100 and 1,000 distinct articles) and long articles
// (scripts/bench-memory.mjs: 1, 2 and 5 MB), `sahifa watch` (scripts/bench-watch.mjs: a save
// to a written PDF) and the startup snapshot (scripts/bench-startup.mjs: a cold render with and
// without it, alternating) run last, each a benchmark of its own.
// It runs the built package (dist/, and the bundled command line dist/cli/main.js run as its
// #! line says), so `npm run build` first (npm ci does).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peakOf } from "./peak.mjs";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli/main.js");
const seed = join(root, "examples/jaafari-lavrov.md");
const json = process.argv.includes("--json");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), "sahifa-bench-"));

const { readArticleFile, renderArticle, layoutArticle, createShaper } = await import(
  join(root, "dist/index.js")
);
const { loadFont } = await import(join(root, "dist/fonts/registry.js"));

// Warm: one process, the seed page rendered again and again after a warm-up. Fonts stay loaded
// and words stay shaped (the shaping cache); every render lays out and writes the PDF anew.
const article = await readArticleFile(seed);
let pdf;
for (let i = 0; i < 200; i++) pdf = await renderArticle(article);
const warm = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  pdf = await renderArticle(article);
  warm.push(performance.now() - t);
}

// A page with a photo: the seed on a3-5col with its lead photo (examples/jaafari-lavrov-a3.md),
// against the same page without the photo. Each render loads, decodes and encodes the photo
// anew, as a new article would: the photo memo is emptied before it.
const photoStory = join(root, "examples/jaafari-lavrov-a3.md");
const withPhoto = await readArticleFile(photoStory);
const { photo: _photo, ...withoutPhoto } = withPhoto;
const photoDir = join(root, "examples");
const { forgetPictures } = await import(join(root, "dist/image/memo.js"));
async function warmMs(a) {
  for (let i = 0; i < 30; i++) {
    forgetPictures();
    await renderArticle(a, { photoDir });
  }
  const runs = [];
  for (let i = 0; i < 30; i++) {
    forgetPictures();
    const t = performance.now();
    await renderArticle(a, { photoDir });
    runs.push(performance.now() - t);
  }
  return median(runs);
}
const warmWithPhoto = await warmMs(withPhoto);
const warmWithoutPhoto = await warmMs(withoutPhoto);

// Scaling: one long article (the seed's paragraphs over and over) of 1, 10 and 100 pages.
const longArticle = (copies) => ({
  ...article,
  body: Array.from({ length: copies }, () => article.body).flat(),
});
const pagesOf = (copies) => layoutArticle(longArticle(copies)).pages.length;
function copiesFor(pages) {
  let lo = 1;
  let hi = 1;
  while (pagesOf(hi) < pages) [lo, hi] = [hi, hi * 2];
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (pagesOf(mid) < pages) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const scaling = {};
for (const pages of [1, 10, 100]) {
  const long = longArticle(copiesFor(pages));
  const got = layoutArticle(long).pages.length;
  const runs = [];
  for (let i = 0; i < (pages === 100 ? 3 : 7); i++) {
    const t = performance.now();
    await renderArticle(long);
    runs.push(performance.now() - t);
  }
  scaling[got] = Math.round(median(runs));
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

// Whole processes of the installed command, started as its #! line starts it.
function timed(args, options = {}) {
  const t = performance.now();
  const run = spawnSync(cli, args, { encoding: "utf8", ...options });
  if (run.status !== 0) throw new Error(`sahifa ${args.join(" ")} failed: ${run.stderr}`);
  return { ms: performance.now() - t, run };
}
const cold = [];
for (let i = 0; i < 9; i++) cold.push(timed(["render", seed, "-o", join(work, "cold.pdf")]).ms);
// The photo page and the same page without its photo, alternating, so drift hits both alike.
const textOnlyStory = join(work, "without-photo.md");
writeFileSync(
  textOnlyStory,
  readFileSync(photoStory, "utf8").replace(/^photo:\n(?: {2}.*\n)+/m, ""),
);
const coldPhoto = [];
const coldNoPhoto = [];
for (let i = 0; i < 9; i++) {
  coldPhoto.push(timed(["render", photoStory, "-o", join(work, "photo.pdf")]).ms);
  coldNoPhoto.push(timed(["render", textOnlyStory, "-o", join(work, "nophoto.pdf")]).ms);
}

// Batch: 100 articles through `sahifa batch --jobs 2`; the peak RSS is the whole process's
// (threads included), read from /proc as it runs.
const inputs = join(work, "in");
mkdirSync(inputs);
const text = readFileSync(seed, "utf8");
for (let i = 0; i < 100; i++) writeFileSync(join(inputs, `story-${i}.md`), text);
const batchArgs = ["batch", inputs, "--out-dir", join(work, "out"), "--jobs", "2", "--force"];
const batch = await peakOf(batchArgs);
const pages = Number(/(\d+) pages? in/.exec(batch.stderr)?.[1]);
rmSync(work, { recursive: true, force: true });

/**
 * The figures of a benchmark of its own (scripts/bench-*.mjs): it prints them as JSON on its
 * last line. Run after the measurements above, so that they do not share the machine.
 */
function subBench(script) {
  const run = spawnSync(process.execPath, [join(root, "scripts", script)], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
}
const archive = subBench("bench-batch.mjs");
const long = subBench("bench-memory.mjs");
const watch = subBench("bench-watch.mjs");
const startup = subBench("bench-startup.mjs");

const figures = {
  warmMsPerPage: Number(median(warm).toFixed(2)),
  coldProcessMs: Math.round(median(cold)),
  batchPagesPerSecond: Number(((pages * 1000) / batch.ms).toFixed(1)),
  peakRssMb: Math.round(batch.peakKb / 1024),
  shapeUsPerWord: Number(median(shapeRuns).toFixed(2)),
  pdfBytes: pdf.length,
  photoWarmMs: Number(warmWithPhoto.toFixed(2)),
  photoWarmAddsMs: Number((warmWithPhoto - warmWithoutPhoto).toFixed(2)),
  photoColdProcessMs: Math.round(median(coldPhoto)),
  photoColdAddsMs: Math.round(median(coldPhoto) - median(coldNoPhoto)),
  scalingMs: scaling,
  coldProcessMsSnapshot: startup.coldProcessMsSnapshot,
  coldProcessMsNoSnapshot: startup.coldProcessMsNoSnapshot,
  watchMs: watch.watchMs,
  watchPhotoMs: watch.watchPhotoMs,
  batch100PagesPerSecond: archive.batch100PagesPerSecond,
  batch1000PagesPerSecond: archive.batch1000PagesPerSecond,
  batch1000PeakRssMb: archive.batch1000PeakRssMb,
  batch1000DistinctPhotosPagesPerSecond: archive.batch1000DistinctPhotosPagesPerSecond,
  batch1000DistinctPhotosPeakRssMb: archive.batch1000DistinctPhotosPeakRssMb,
  bigArticleMb5PeakRssMb: long.bigArticleMb5PeakRssMb,
  bigArticleMsPerMb: {
    1: long.bigArticleMb1Ms,
    2: Math.round(long.bigArticleMb2Ms / 2),
    5: Math.round(long.bigArticleMb5Ms / 5),
  },
};
const targets = {
  warmMsPerPage: "≤ 8",
  coldProcessMs: "≤ 120",
  batchPagesPerSecond: "≥ 150",
  peakRssMb: "≤ 200",
  shapeUsPerWord: "",
  pdfBytes: "≤ 61440",
  photoWarmMs: "",
  photoWarmAddsMs: "",
  photoColdProcessMs: "",
  photoColdAddsMs: "",
  coldProcessMsSnapshot: "≤ 0.70 × coldProcessMsNoSnapshot",
  coldProcessMsNoSnapshot: "",
  watchMs: "≤ 30",
  watchPhotoMs: "(a3 page with its photo)",
  batch100PagesPerSecond: "≥ 80 (distinct articles)",
  batch1000PagesPerSecond: "≥ 150 (distinct articles)",
  batch1000PeakRssMb: "≤ 250",
  batch1000DistinctPhotosPagesPerSecond: "(no photo shared)",
  batch1000DistinctPhotosPeakRssMb: "≤ 250",
  bigArticleMb5PeakRssMb: "≤ 400",
};
if (json) console.log(JSON.stringify(figures));
else {
  console.table(
    Object.entries(figures)
      .filter(([measure]) => measure in targets)
      .map(([measure, value]) => ({ measure, value, target: targets[measure] })),
  );
  console.table(
    Object.entries(scaling).map(([p, ms]) => ({
      pages: Number(p),
      ms,
      "ms per page": Number((ms / Number(p)).toFixed(1)),
    })),
  );
}
