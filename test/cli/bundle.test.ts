import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readArticleFile } from "../../src/article/parse.js";
import { renderPageFile } from "../../src/makeup/render.js";
import { renderArticle } from "../../src/render.js";
import { ROOT, STACK_LINE, tempDir } from "./cli.js";

// The installed `sahifa` command is the esbuild bundle (scripts/bundle.mjs) run by its loader
// through a V8 code cache, not the modules the other CLI tests run through tsx: its stand-ins,
// rewrites and copied data files must give the same PDFs.
const BUNDLE = join(ROOT, "dist", "cli", "main.js");
const SEED = join(ROOT, "examples", "jaafari-lavrov.md");

/** The bin as a user runs it: from its startup snapshot, which scripts/bundle.mjs builds. */
function bundled(args: readonly string[], cwd: string) {
  return spawnSync(BUNDLE, args, { cwd, encoding: "utf8" });
}

describe("the bundled command line", () => {
  const dir = tempDir("sahifa-bundle-");
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, "scripts", "bundle.mjs")], { stdio: "pipe" });
  }, 180_000);

  it("renders a page with photos to the same bytes as the library", async () => {
    const story = join(ROOT, "examples", "cairo-coffeehouses.md");
    const out = join(dir, "photos.pdf");
    const result = bundled(["render", story, "-o", out, "-t", "a4-3col"], dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const article = await readArticleFile(story);
    const expected = await renderArticle(article, {
      template: "a4-3col",
      photoDir: join(ROOT, "examples"),
    });
    expect(Buffer.compare(readFileSync(out), Buffer.from(expected))).toBe(0);
  });

  it("loads sharp only for an article with photos", () => {
    // Node names every CommonJS module it loads under NODE_DEBUG=module.
    const loads = (article: string) => {
      const run = spawnSync(
        process.execPath,
        [BUNDLE, "render", join(ROOT, "examples", article), "-o", join(dir, "which.pdf")],
        { cwd: dir, encoding: "utf8", env: { ...process.env, NODE_DEBUG: "module" } },
      );
      expect(run.status).toBe(0);
      return /load "[^"]*[\\/]sharp[\\/]/.test(run.stderr);
    };
    expect(loads("jaafari-lavrov.md")).toBe(false);
    expect(loads("cairo-coffeehouses.md")).toBe(true);
  });

  it("renders the same bytes as the library, default and PDF/A (the bundled ICC profile)", async () => {
    const article = await readArticleFile(SEED);
    for (const [flags, options] of [
      [[], {}],
      [["--pdfa", "2a"], { pdfa: "2a" as const }],
      [["--cmyk", "--bleed", "3", "--crop-marks"], { cmyk: true, bleed: 3, cropMarks: true }],
    ] as const) {
      const out = join(dir, `seed-${flags.length}.pdf`);
      const result = bundled(["render", SEED, "-o", out, ...flags], dir);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const expected = await renderArticle(article, options);
      expect(Buffer.compare(readFileSync(out), Buffer.from(expected)), flags.join(" ")).toBe(0);
    }
  });

  it("lays out, shapes and lists templates", () => {
    const layout = bundled(["layout", SEED, "--json"], dir);
    expect(layout.status).toBe(0);
    expect(JSON.parse(layout.stdout).pages.length).toBeGreaterThan(0);
    const font = join(ROOT, "fonts", "Amiri-Regular.ttf");
    const shape = bundled(["shape", "--font", font, "لا"], dir);
    expect(shape.status).toBe(0);
    expect(shape.stdout).toMatch(/^\[\d+=1\+\d+\|\d+=0\+\d+\]\n$/);
    const templates = bundled(["templates"], dir);
    expect(templates.status).toBe(0);
    expect(templates.stdout).toContain("a4-3col");
  });

  it("makes up a page plan to the same bytes as the library, and batches one on its worker", async () => {
    const plan = join(ROOT, "examples", "pages", "tabloid-page.yaml");
    const out = join(dir, "tabloid.pdf");
    const result = bundled(["page", plan, "-o", out], dir);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.status).toBe(0);
    const expected = join(dir, "tabloid-library.pdf");
    await renderPageFile(plan, expected);
    expect(Buffer.compare(readFileSync(out), readFileSync(expected))).toBe(0);
    const batch = bundled(["batch", plan, "-d", "pages", "-j", "2"], dir);
    expect(batch.stderr).toMatch(/^done 1, failed 0, skipped 0/m);
    expect(
      Buffer.compare(readFileSync(join(dir, "pages", "tabloid-page.pdf")), readFileSync(expected)),
    ).toBe(0);
  }, 60_000);

  it("runs a batch on its bundled worker", () => {
    mkdirSync(join(dir, "in"));
    copyFileSync(SEED, join(dir, "in", "a.md"));
    copyFileSync(join(ROOT, "examples", "cairo-central-bank.md"), join(dir, "in", "b.md"));
    const result = bundled(["batch", "in/*.md", "-d", "out", "-j", "2"], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/^done 2, failed 0, skipped 0/m);
  });

  it("serves on its bundled render worker, the same bytes as the library; only serve loads fastify", async () => {
    const child = spawn(process.execPath, [BUNDLE, "serve", "--port", "0", "--concurrency", "1"], {
      cwd: dir,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 60_000,
    });
    try {
      let stderr = "";
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      const address = await new Promise<string>((resolve, reject) => {
        child.stderr.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
          const url = /listening on (http:\/\/\S+),/.exec(stderr)?.[1];
          if (url && stderr.includes("sahifa: ready")) resolve(url);
        });
        void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
      });
      const res = await fetch(`${address}/render`, {
        method: "POST",
        headers: { "content-type": "text/markdown" },
        body: readFileSync(SEED),
        signal: AbortSignal.timeout(30_000),
      });
      expect(res.status).toBe(200);
      const expected = await renderArticle(await readArticleFile(SEED));
      expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), Buffer.from(expected))).toBe(0);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
    const render = spawnSync(
      process.execPath,
      [BUNDLE, "render", SEED, "-o", join(dir, "plain.pdf")],
      {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NODE_DEBUG: "module" },
      },
    );
    expect(render.status).toBe(0);
    expect(render.stderr).not.toMatch(/load "[^"]*[\\/](fastify|prom-client)[\\/]/);
  }, 60_000);

  it("loads pg-boss and prom-client only for the queue commands", () => {
    const loads = (args: string[]) => {
      const run = spawnSync(process.execPath, [BUNDLE, ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, NODE_DEBUG: "module" },
      });
      return {
        status: run.status,
        queue: /load "[^"]*[\\/](pg-boss|prom-client)[\\/]/.test(run.stderr),
        stderr: run.stderr,
      };
    };
    expect(loads(["render", SEED, "-o", join(dir, "which.pdf")])).toMatchObject({
      status: 0,
      queue: false,
    });
    // No database there: the queue's modules load, and the failure is one line.
    const status = loads(["queue", "status", "--database", "postgres://u@127.0.0.1:1/db"]);
    expect(status).toMatchObject({ status: 1, queue: true });
    expect(status.stderr).toMatch(/^sahifa: postgres:\/\/u@127\.0\.0\.1:1\/db: cannot use/m);
  });

  it("runs from V8's code cache, and without it when the cache is missing", () => {
    const env = { ...process.env, SAHIFA_CODE_CACHE: "report", SAHIFA_SNAPSHOT: "off" };
    const out = join(dir, "cached.pdf");
    const cached = spawnSync(BUNDLE, ["render", SEED, "-o", out], { env, encoding: "utf8" });
    expect(cached.status).toBe(0);
    expect(cached.stderr).toBe("code cache: used\n");
    const cache = join(ROOT, "dist", "cli", "sahifa.cjs.cache");
    const saved = readFileSync(cache);
    rmSync(cache);
    try {
      const bare = spawnSync(BUNDLE, ["render", SEED, "-o", join(dir, "bare.pdf")], {
        env,
        encoding: "utf8",
      });
      expect(bare.status).toBe(0);
      expect(bare.stderr).toBe("code cache: none\n");
      expect(readFileSync(join(dir, "bare.pdf")).equals(readFileSync(out))).toBe(true);
    } finally {
      writeFileSync(cache, saved);
    }
  });

  it("fails in one line, without a stack trace, with the library's messages", () => {
    const result = bundled(["render", "missing.md", "-o", "x.pdf"], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("sahifa: missing.md: file not found\n");
    expect(result.stderr).not.toMatch(STACK_LINE);
    // Validation messages come through zod, whose bundled part must still word them.
    writeFileSync(join(dir, "bad.md"), "---\nheadline: [1, 2]\nfoo: 1\n---\n\nنص\n");
    const bad = bundled(["render", "bad.md", "-o", "x.pdf"], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'sahifa: bad.md: unknown key "foo"; known keys are kicker, headline, subheadline, byline, ' +
        "dateline, date, pullQuote, source, lang, template, body, subheads, digits, photo, photos (and 1 more problem)\n",
    );
  });
});
