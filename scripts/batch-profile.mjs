#!/usr/bin/env node
// Where a batch's time goes at steady state: one thread renders archive articles
// (scripts/archive-corpus.mjs) with renderFile, as a batch worker does, under V8's sampling
// profiler, after a warm-up. Each sample goes to the innermost stage on its stack, so a font
// subset deflated while the PDF is drawn counts as font subsets, not as drawing.
// Runs with the bin's V8 flags (the F= line of scripts/cli-loader.mjs), as a batch does. "(idle)"
// is the thread waiting: on sharp, whose work runs on libuv's threads, and on files.
// Usage: node scripts/batch-profile.mjs [articles=400] [warm-up=100]. Runs the built library
// (`npm run build` first).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderFile } from "../dist/index.js";
import { writeArchive } from "./archive-corpus.mjs";

if (process.env.SAHIFA_PROFILE_FLAGS !== "set") {
  const loader = readFileSync(new URL("cli-loader.mjs", import.meta.url), "utf8");
  const flags = /F="([^"]*)"/.exec(loader)?.[1].split(" ") ?? [];
  const run = spawnSync(process.execPath, [...flags, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, SAHIFA_PROFILE_FLAGS: "set" },
  });
  process.exit(run.status ?? 1);
}

const count = Number(process.argv[2] ?? 400);
const warmUp = Number(process.argv[3] ?? 100);

/** Stages by the functions that do them, innermost first. */
const STAGES = [
  ["photos: decode, focus, caption", ["loadArticlePhotos", "loadPhoto"]],
  ["photos: crop, resample, encode", ["encodePhoto"]],
  ["font subsets (subset, deflate)", ["embedAll"]],
  ["reading, parsing, validating", ["readArticleFile"]],
  ["template lookup", ["loadTemplate"]],
  ["layout", ["layoutArticle", "articlePages", "layOutPages"]],
  ["PDF drawing", ["writePdf", "writePages"]],
  ["writing the file", ["writeFileAtomic", "writeStreamAtomic"]],
];

const work = mkdtempSync(join(tmpdir(), "sahifa-profile-"));
try {
  const files = writeArchive(join(work, "in"), count, 16);
  const out = join(work, "out");
  mkdirSync(out);
  const render = (file, i) => renderFile(file, join(out, `${i}.pdf`));
  for (const [i, file] of files.slice(0, warmUp).entries()) await render(file, i);

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  const cpu = process.cpuUsage();
  const started = performance.now();
  let pages = 0;
  for (const [i, file] of files.slice(warmUp).entries()) pages += (await render(file, i)).pages;
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  const { profile } = await session.post("Profiler.stop");

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stageOf = new Map();
  const stage = (id) => {
    if (stageOf.has(id)) return stageOf.get(id);
    const { functionName } = nodes.get(id).callFrame;
    const own = STAGES.find(([, names]) => names.includes(functionName))?.[0];
    const p = parent.get(id);
    const found =
      own ??
      (["(garbage collector)", "(idle)", "(program)"].includes(functionName)
        ? functionName
        : p === undefined
          ? "other"
          : stage(p));
    stageOf.set(id, found);
    return found;
  };
  const totals = new Map();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    totals.set(stage(id), (totals.get(stage(id)) ?? 0) + dt);
  });
  const articles = files.length - warmUp;
  console.log(
    `${articles} articles, ${pages} pages after ${warmUp} to warm up: ${(ms / articles).toFixed(1)} ms wall, ${((user + system) / 1000 / articles).toFixed(1)} ms CPU per article`,
  );
  const rows = [...totals].sort((a, b) => b[1] - a[1]);
  console.table(
    Object.fromEntries(
      rows.map(([name, us]) => [
        name,
        {
          "ms per article": Number((us / 1000 / articles).toFixed(2)),
          share: `${((100 * us) / all).toFixed(1)} %`,
        },
      ]),
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
