#!/usr/bin/env node
// Cold `sahifa render` of the seed article through the installed bin (dist/cli/main.js), with
// its startup snapshot and forced onto the code-cache path (SAHIFA_SNAPSHOT=off), alternating
// the two so that both see the same machine state. Prints the medians, in ms, as its last line:
// {"coldProcessMsSnapshot": …, "coldProcessMsNoSnapshot": …}. Run after `npm run build`.
// Options: --runs N (each, default 15).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "dist/cli/main.js");
const seed = join(root, "examples/jaafari-lavrov.md");
const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 15;
const scratch = mkdtempSync(join(tmpdir(), "sahifa-bench-startup-"));

function once(snapshot) {
  const env = { ...process.env, SAHIFA_SNAPSHOT: snapshot ? "report" : "off" };
  const started = process.hrtime.bigint();
  const run = spawnSync(bin, ["render", seed, "-o", join(scratch, "seed.pdf")], {
    cwd: scratch,
    env,
    encoding: "utf8",
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`sahifa render failed: ${run.stderr}`);
  if (snapshot && run.stderr !== "snapshot: used\n") {
    throw new Error(`the snapshot was not used (npm run build?): ${run.stderr}`);
  }
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

try {
  once(true);
  once(false);
  const withSnapshot = [];
  const without = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always follows the other.
    if (i % 2) {
      without.push(once(false));
      withSnapshot.push(once(true));
    } else {
      withSnapshot.push(once(true));
      without.push(once(false));
    }
  }
  const a = median(withSnapshot);
  const b = median(without);
  process.stderr.write(
    `snapshot ${a.toFixed(1)} ms, code cache ${b.toFixed(1)} ms: ${(a / b).toFixed(3)}x\n`,
  );
  console.log(
    JSON.stringify({
      coldProcessMsSnapshot: Math.round(a * 10) / 10,
      coldProcessMsNoSnapshot: Math.round(b * 10) / 10,
    }),
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
