#!/usr/bin/env node
// Batch at archive scale: `sahifa batch --jobs 2` over 100 and over 1,000 distinct articles
// (scripts/archive-corpus.mjs), pages per second and the whole process's peak RSS (threads
// included, VmHWM from /proc). Prints a table, and the figures as JSON on the last line.
// Runs the built command line: `npm run build` first.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArchive } from "./archive-corpus.mjs";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli/main.js");
const work = mkdtempSync(join(tmpdir(), "sahifa-archive-"));

/** Runs the command while sampling its peak resident set every 20 ms. */
async function peakOf(args) {
  const child = spawn(cli, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => {
    stderr += d;
  });
  const t = performance.now();
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {}
  }, 20);
  const status = await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  if (status !== 0) throw new Error(`sahifa ${args.join(" ")} failed: ${stderr.slice(-2000)}`);
  return { ms: performance.now() - t, peakKb, stderr };
}

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
