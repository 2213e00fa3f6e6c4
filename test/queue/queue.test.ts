import { type ChildProcess, spawn } from "node:child_process";
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as mupdf from "mupdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Boss, connect, QUEUE, query, SCHEMA } from "../../src/queue/boss.js";
import { queueStatus } from "../../src/queue/status.js";
import { ROOT, STACK_LINE, sahifa, tempDir } from "../cli/cli.js";
import { startPostgres, type TestPostgres } from "../support/postgres.js";

// The real CLI from source in one process (tsx as a loader, not tsx's CLI, which would run it
// in a child that a SIGKILL of the parent leaves running).
const LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const MAIN = join(ROOT, "src", "cli", "main.ts");
const ARTICLE = join(ROOT, "examples", "jaafari-lavrov.md");
const BROKEN = "---\nheadline: [1, 2]\n---\n\nنص\n";

interface Worker {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

const started: ChildProcess[] = [];

/** `sahifa queue work …` running in the background. */
function work(url: string, cwd: string, ...args: string[]): Worker {
  const child = spawn(
    process.execPath,
    ["--import", LOADER, MAIN, "queue", "work", "--database", url, ...args],
    { cwd, env: { ...process.env, FORCE_COLOR: "0" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  started.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return { child, stderr: () => stderr, exited };
}

/** Waits (polling, at most `ms`) until `check` holds. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** `count` copies of one article, story-1.md…, in a new folder; its path. */
function stories(dir: string, count: number): string {
  const folder = join(dir, "stories");
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= count; i++) copyFileSync(ARTICLE, join(folder, `story-${i}.md`));
  return folder;
}

const ADDED =
  /^added (\d+) jobs?, (?:retried \d+ failed, )?skipped (\d+) already queued or done, failed (\d+)$/m;

function addCounts(stderr: string) {
  const m = ADDED.exec(stderr);
  if (!m) throw new Error(`no summary in:\n${stderr}`);
  const [added, skipped, failed] = m.slice(1).map(Number);
  return { added, skipped, failed };
}

/** A PDF reader opens it, and it has pages. */
function opens(pdf: string): boolean {
  const doc = mupdf.Document.openDocument(readFileSync(pdf), "application/pdf");
  return doc.countPages() > 0;
}

describe("sahifa queue", () => {
  let pg: TestPostgres;
  const bosses: Boss[] = [];
  let databases = 0;

  /** A database of its own for a test, and a connection to look at its queue. */
  async function freshQueue() {
    const url = await pg.database(`queue_${++databases}`);
    const boss = await connect({ url });
    bosses.push(boss);
    return { url, boss };
  }

  beforeAll(async () => {
    pg = await startPostgres();
  }, 60_000);

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
    await Promise.all(bosses.map((b) => b.stop({ graceful: false }).catch(() => {})));
    await pg?.stop();
  }, 30_000);

  it("adds one job per article, and the same work again is skipped", async () => {
    const { url, boss } = await freshQueue();
    const dir = tempDir("sahifa-queue-");
    const folder = stories(dir, 3);
    const first = await sahifa(["queue", "add", folder, "-d", "out", "--database", url], dir);
    expect(first.stderr).not.toMatch(STACK_LINE);
    expect(first.status).toBe(0);
    expect(addCounts(first.stderr)).toEqual({ added: 3, skipped: 0, failed: 0 });
    const again = await sahifa(
      ["queue", "add", `${folder}/*.md`, "-d", "out", "--database", url],
      dir,
    );
    expect(addCounts(again.stderr)).toEqual({ added: 0, skipped: 3, failed: 0 });
    // Other options are other work.
    const a3 = await sahifa(
      ["queue", "add", folder, "-d", "out", "-t", "a3-5col", "--database", url],
      dir,
    );
    expect(addCounts(a3.stderr)).toEqual({ added: 3, skipped: 0, failed: 0 });
    expect(await queueStatus(boss)).toMatchObject({ waiting: 6, active: 0, completed: 0 });
    // Absolute paths in the jobs, for workers elsewhere.
    const rows = await query<{ input: string; output: string }>(
      boss,
      `SELECT data->>'input' AS input, data->>'output' AS output FROM ${SCHEMA}.job WHERE name = $1`,
      [QUEUE],
    );
    expect(rows.map((r) => r.output).sort()[0]).toBe(join(dir, "out", "story-1.pdf"));
    expect(rows.every((r) => r.input.startsWith(`${folder}/`))).toBe(true);
  });

  it("renders a page plan as one job, and a changed article of it is new work", async () => {
    const { url, boss } = await freshQueue();
    const dir = tempDir("sahifa-queue-");
    // The plan's articles (and their photos) beside the folder of inputs, as examples/ has them.
    const examples = join(dir, "examples");
    mkdirSync(join(examples, "pages"), { recursive: true });
    cpSync(join(ROOT, "examples", "photos"), join(examples, "photos"), { recursive: true });
    for (const file of readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".md"))) {
      copyFileSync(join(ROOT, "examples", file), join(examples, file));
    }
    const plan = join(examples, "pages", "inside.yaml");
    copyFileSync(join(ROOT, "examples", "pages", "tabloid-page.yaml"), plan);
    copyFileSync(ARTICLE, join(examples, "pages", "moscow.md"));
    const add = () =>
      sahifa(["queue", "add", join(examples, "pages"), "-d", "out", "--database", url], dir);
    expect(addCounts((await add()).stderr)).toEqual({ added: 2, skipped: 0, failed: 0 });

    const worker = work(url, dir, "-c", "1");
    await until("both jobs done", async () => (await queueStatus(boss)).completed === 2);
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.stderr()).toMatch(/^done: .*inside\.yaml → .*out\/inside\.pdf \(\d+ pages?\)$/m);
    expect(opens(join(dir, "out", "inside.pdf"))).toBe(true);
    expect(opens(join(dir, "out", "moscow.pdf"))).toBe(true);

    expect(addCounts((await add()).stderr)).toEqual({ added: 0, skipped: 2, failed: 0 });
    writeFileSync(
      join(examples, "derby-report.md"),
      `${readFileSync(join(examples, "derby-report.md"), "utf8")}\nفقرة أخرى.\n`,
    );
    expect(addCounts((await add()).stderr)).toEqual({ added: 1, skipped: 1, failed: 0 });
  }, 90_000);

  it("fails bad input once, retries other failures, and reports it in status and metrics", async () => {
    const { url, boss } = await freshQueue();
    const dir = tempDir("sahifa-queue-");
    const folder = stories(dir, 2);
    writeFileSync(join(folder, "broken.md"), BROKEN);
    copyFileSync(ARTICLE, join(dir, "blocked.md"));
    // The output folder cannot be made while a file stands where its parent should be.
    writeFileSync(join(dir, "shared"), "not a folder");
    const add = (...args: string[]) =>
      sahifa(["queue", "add", ...args, "--retry-delay", "1", "--database", url], dir);
    expect(addCounts((await add(folder, "-d", "out")).stderr)).toMatchObject({ added: 3 });
    expect(addCounts((await add("blocked.md", "-d", "shared/out")).stderr)).toMatchObject({
      added: 1,
    });

    const worker = work(url, dir, "-c", "1", "--metrics-port", "0", "--job-timeout", "5");
    await until("a retry", () => /^retry: .*blocked\.md: /m.test(worker.stderr()));
    expect(worker.stderr()).toMatch(
      /^retry: .*blocked\.md: .*shared\/out: cannot create the output folder .*ENOTDIR\) \(attempt 1 of 4\)$/m,
    );
    rmSync(join(dir, "shared"));
    await until("the queue to finish", async () => {
      const s = await queueStatus(boss);
      return s.completed === 3 && s.failed === 1;
    });
    expect(existsSync(join(dir, "shared", "out", "blocked.pdf"))).toBe(true);

    // The bad article: failed at once with its reason, and no retries left to it.
    const [broken] = await query<{ state: string; retry_count: number; retry_limit: number }>(
      boss,
      `SELECT state, retry_count, retry_limit FROM ${SCHEMA}.job WHERE data->>'input' LIKE '%broken.md'`,
      [],
    );
    expect(broken).toEqual({ state: "failed", retry_count: 0, retry_limit: 0 });
    const reason = `${join(folder, "broken.md")}: headline: expected a string, got array`;
    expect(worker.stderr().split("\n")).toContain(`failed: ${reason}`);

    const port = /metrics at http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(worker.stderr())?.[1];
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^sahifa_jobs_done_total 3$/m);
    expect(metrics).toMatch(/^sahifa_jobs_failed_total 1$/m);
    expect(metrics).toMatch(/^sahifa_jobs_retried_total 1$/m);
    expect(metrics).toMatch(/^sahifa_render_seconds_count 3$/m);
    expect(metrics).toMatch(/^sahifa_pages_total [1-9]\d*$/m);

    const text = await sahifa(["queue", "status", "--database", url], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^waiting +0\nactive +0\ncompleted +3\nfailed +1\npages\/s +\d/);
    expect(text.stdout).toContain(`\nfailed: ${reason}\n`);
    const json = await sahifa(["queue", "status", "--json", "--database", url], dir);
    const status = JSON.parse(json.stdout);
    expect(status).toMatchObject({ waiting: 0, active: 0, completed: 3, failed: 1 });
    expect(status.pagesPerSecond).toBeGreaterThan(0);
    expect(status.failures).toEqual([
      { input: join(folder, "broken.md"), reason, at: expect.any(String) },
    ]);

    // One more attempt for the failed work, asked for; and it fails the same way, once.
    const retry = await add(folder, "-d", "out", "--retry-failed");
    expect(retry.stderr).toMatch(
      /^added 0 jobs, retried 1 failed, skipped 2 already queued or done, failed 0$/m,
    );
    await until("the failure again", () => worker.stderr().split(`failed: ${reason}`).length === 3);
    await until("the job failed again", async () => (await queueStatus(boss)).failed === 1);
    const [again] = await query<{ retry_count: number; retry_limit: number }>(
      boss,
      `SELECT retry_count, retry_limit FROM ${SCHEMA}.job WHERE data->>'input' LIKE '%broken.md'`,
      [],
    );
    expect(again).toEqual({ retry_count: 1, retry_limit: 1 });

    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
  });

  it("finishes the jobs it has taken on SIGTERM, and exits 0", async () => {
    const { url, boss } = await freshQueue();
    const dir = tempDir("sahifa-queue-");
    await sahifa(["queue", "add", stories(dir, 20), "-d", "out", "--database", url], dir);
    const worker = work(url, dir, "-c", "2");
    await until("a first PDF", () => worker.stderr().includes("done: "));
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    const done = Number(/^stopped: done (\d+),/m.exec(worker.stderr())?.[1]);
    const status = await queueStatus(boss);
    // Nothing left active (taken and abandoned); what was done is in the queue and the folder.
    expect(status).toMatchObject({ active: 0, completed: done, failed: 0, waiting: 20 - done });
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(20);
    expect(readdirSync(join(dir, "out")).sort()).toHaveLength(done);
  });

  it("two workers, one killed mid-way: every PDF made once, whole, and the queue done", async () => {
    const { url, boss } = await freshQueue();
    const dir = tempDir("sahifa-queue-");
    const add = await sahifa(
      ["queue", "add", stories(dir, 40), "-d", "out", "--retry-delay", "1", "--database", url],
      dir,
    );
    expect(addCounts(add.stderr)).toEqual({ added: 40, skipped: 0, failed: 0 });
    const a = work(url, dir, "-c", "1", "--job-timeout", "3");
    const b = work(url, dir, "-c", "1", "--job-timeout", "3");
    // Killed as soon as it has done a job: it holds the next ones it took, in the middle.
    await until("a job done by the first worker", () => /^done: /m.test(a.stderr()));
    a.child.kill("SIGKILL");
    await a.exited;
    expect((await queueStatus(boss)).completed).toBeLessThan(30);
    await until(
      "40 jobs completed",
      async () => (await queueStatus(boss)).completed === 40,
      45_000,
    );
    // The jobs the killed worker held expired and were taken again.
    const [again] = await query<{ n: string }>(
      boss,
      `SELECT count(*) AS n FROM ${SCHEMA}.job WHERE name = $1 AND retry_count > 0`,
      [QUEUE],
    );
    expect(Number(again?.n)).toBeGreaterThan(0);
    expect(await queueStatus(boss)).toMatchObject({ waiting: 0, active: 0, failed: 0 });
    const files = readdirSync(join(dir, "out")).sort();
    const expected = Array.from({ length: 40 }, (_, i) => `story-${i + 1}.pdf`).sort();
    expect(files).toEqual(expected); // no temporary files left beside them
    for (const f of files) expect(opens(join(dir, "out", f)), f).toBe(true);
    b.child.kill("SIGTERM");
    expect(await b.exited).toBe(0);
  }, 90_000);

  it("names a bad or unreachable database in one line", async () => {
    const dir = tempDir("sahifa-queue-");
    const bad = await sahifa(["queue", "status", "--database", "mysql://x/y"], dir);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("sahifa: --database: expected a postgres:// URL, got a mysql URL\n");
    const down = await sahifa(
      ["queue", "status", "--database", "postgres://u:secret@127.0.0.1:1/db"],
      dir,
    );
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(
      /^sahifa: postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db: cannot use the database \(.*ECONNREFUSED.*\)\n$/,
    );
    const none = await sahifa(["queue", "work"], dir);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^sahifa: name the database with --database .* or DATABASE_URL\n$/);
  });
});
