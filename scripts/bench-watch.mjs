#!/usr/bin/env node
// `sahifa watch` on the seed page, warm: the time from an article's save to its PDF renamed into
// place, as median of 20 saves after 10 to warm up; then the same for the seed's photo page.
// Prints each save's time on stderr and {"watchMs": <median>, "watchPhotoMs": <median>} as its
// last line. Runs the built command line (dist/cli/main.js, as its
// #! line says, like `sahifa` does), so `npm run build` first.
//
// The PDF's arrival is seen through a watch on its folder (a rename event with its name), not by
// polling its mtime: a poll would add up to its period to every figure.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, watch, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli/main.js");
const WARMUP = 10;
const MEASURED = 20;
/** Longest wait for one PDF: a save that never shows up fails the run instead of hanging it. */
const TIMEOUT_MS = 10_000;
/** Time left between saves, so that each is a save after a quiet spell, as an author's are. */
const PAUSE_MS = 150;

/** Median ms from save to PDF for `example` (a file of examples/), watched in a folder of its own. */
async function watchMs(example) {
  const seed = readFileSync(join(root, "examples", example), "utf8");
  const work = mkdtempSync(join(tmpdir(), "sahifa-bench-watch-"));
  symlinkSync(join(root, "examples/photos"), join(work, "photos"));
  const story = join(work, "story.md");
  const out = join(work, "story.pdf");
  writeFileSync(story, seed);

  let arrived;
  const watcher = watch(work, (_event, name) => {
    if (name === "story.pdf") arrived?.(performance.now());
  });
  const nextPdf = () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no PDF within 10 s")), TIMEOUT_MS);
      arrived = (t) => {
        clearTimeout(timer);
        arrived = undefined;
        resolve(t);
      };
    });

  const child = spawn(cli, ["watch", story, "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => {
    stderr += d;
  });

  const times = [];
  try {
    await nextPdf();
    for (let i = 0; i < WARMUP + MEASURED; i++) {
      await pause(PAUSE_MS);
      // An edit an author makes: a word of the last paragraph changed. Each differs from the last.
      const edited = seed.replace(/الدولية\.\s*$/, `الدولية ${i + 1}.\n`);
      const pdf = nextPdf();
      const saved = performance.now();
      writeFileSync(story, edited);
      const ms = (await pdf) - saved;
      if (i >= WARMUP) times.push(ms);
    }
  } catch (error) {
    process.stderr.write(`bench-watch: ${example}: ${error.message}\n${stderr}`);
    process.exitCode = 1;
  } finally {
    watcher.close();
    child.kill("SIGTERM");
    await new Promise((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve();
      }, 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    rmSync(work, { recursive: true, force: true });
  }
  if (times.length !== MEASURED) return undefined;
  const sorted = [...times].sort((a, b) => a - b);
  process.stderr.write(`${example}: save → PDF, ms: ${times.map((t) => t.toFixed(1)).join(" ")}\n`);
  if (process.env.BENCH_WATCH_LOG) process.stderr.write(stderr);
  return Math.round(((sorted[MEASURED / 2 - 1] + sorted[MEASURED / 2]) / 2) * 10) / 10;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const figures = {
  watchMs: await watchMs("jaafari-lavrov.md"),
  // The same page on a3-5col with its lead photo: an edit of the text leaves the photo as it
  // was, and the photo memo keeps sharp from decoding it again.
  watchPhotoMs: await watchMs("jaafari-lavrov-a3.md"),
};
if (figures.watchMs !== undefined && figures.watchPhotoMs !== undefined)
  console.log(JSON.stringify(figures));
