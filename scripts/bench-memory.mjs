#!/usr/bin/env node
// Long articles: `sahifa render` of articles of 1, 2 and 5 MB (the seed's paragraphs over and
// over), the whole process's peak RSS (VmHWM from /proc) and time. Prints a table, and the
// figures as JSON on the last line. Runs the built command line: `npm run build` first.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { peakOf } from "./peak.mjs";

const root = new URL("..", import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), "sahifa-long-"));
const seed = readFileSync(join(root, "examples/jaafari-lavrov.md"), "utf8");
const [, head = "", body = ""] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(seed) ?? [];

const figures = {};
try {
  for (const mb of [1, 2, 5]) {
    const copies = Math.ceil((mb * 1024 * 1024) / Buffer.byteLength(body));
    const file = join(work, `long-${mb}mb.md`);
    writeFileSync(file, head + Array.from({ length: copies }, () => body).join("\n"));
    const run = await peakOf(["render", file, "-o", join(work, `long-${mb}mb.pdf`)]);
    figures[`bigArticleMb${mb}PeakRssMb`] = Math.round(run.peakKb / 1024);
    figures[`bigArticleMb${mb}Ms`] = Math.round(run.ms);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.table(figures);
console.log(JSON.stringify(figures));
