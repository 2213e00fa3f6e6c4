#!/usr/bin/env node
// Before and after, side by side: a cold `sahifa render` of the seed through this checkout's
// built bin and another's (say a worktree of the commit before a change, built there), each
// with its startup snapshot and on the code-cache path (SAHIFA_SNAPSHOT=off), the four
// interleaved so that all see the same machine state. Prints the medians and their ratios.
// Usage: node scripts/compare-builds.mjs OTHER_CHECKOUT [--runs N] (N each, default 12; both
// built with `npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const here = new URL("..", import.meta.url).pathname;
const other = process.argv[2] && resolve(process.argv[2]);
if (!other || !existsSync(join(other, "dist/cli/main.js"))) {
  console.error("usage: node scripts/compare-builds.mjs OTHER_CHECKOUT [--runs N] (both built)");
  process.exit(2);
}
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 12;
const seed = join(here, "examples/jaafari-lavrov.md");
const scratch = mkdtempSync(join(tmpdir(), "sahifa-compare-"));

const variants = [
  ["other, snapshot", other, "report"],
  ["this, snapshot", here, "report"],
  ["other, code cache", other, "off"],
  ["this, code cache", here, "off"],
];
const times = new Map(variants.map(([name]) => [name, []]));
try {
  for (let i = 0; i < runs; i++) {
    for (const [name, root, snapshot] of variants) {
      const started = process.hrtime.bigint();
      const run = spawnSync(
        join(root, "dist/cli/main.js"),
        ["render", seed, "-o", join(scratch, "seed.pdf")],
        { env: { ...process.env, SAHIFA_SNAPSHOT: snapshot }, encoding: "utf8" },
      );
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (run.status !== 0) throw new Error(`${name}: sahifa render failed: ${run.stderr}`);
      if (snapshot === "report" && run.stderr !== "snapshot: used\n") {
        throw new Error(`${name}: the snapshot was not used (npm run build?): ${run.stderr}`);
      }
      times.get(name).push(ms);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const m = Object.fromEntries([...times].map(([name, list]) => [name, median(list)]));
console.table(
  Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { "median ms": v.toFixed(1) }])),
);
const ratio = (a, b) => (m[a] / m[b]).toFixed(3);
console.log(
  `this/other: snapshot ${ratio("this, snapshot", "other, snapshot")}, code cache ${ratio("this, code cache", "other, code cache")}; ` +
    `snapshot/code cache: this ${ratio("this, snapshot", "this, code cache")}, other ${ratio("other, snapshot", "other, code cache")}`,
);
