/**
 * `sahifa watch` through the real command line: it renders at start and after each change to
 * the article, a photo of it, or an article of a plan; a broken article gives one error line and
 * leaves the last PDF; SIGTERM and SIGINT end it (0 and 130).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXAMPLE_PHOTOS } from "../support/photos.js";
import { ROOT, STACK_LINE, tempDir } from "./cli.js";

const TSX_CLI = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const MAIN = join(ROOT, "src", "cli", "main.ts");
const SEED = readFileSync(join(ROOT, "examples", "jaafari-lavrov.md"), "utf8");
/** Longest wait for one line: a start under tsx on a busy machine takes a few seconds. */
const WAIT_MS = 15_000;

class Watch {
  readonly child: ChildProcess;
  lines: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [TSX_CLI, MAIN, "watch", ...args], {
      cwd,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let rest = "";
    this.child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      const parts = (rest + d).split("\n");
      rest = parts.pop() ?? "";
      this.lines.push(...parts);
    });
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  /** Waits for the count of lines matching `re` to reach `n`; the lines so far on a timeout. */
  async until(re: RegExp, n: number): Promise<void> {
    const started = Date.now();
    while (this.lines.filter((l) => re.test(l)).length < n) {
      if (Date.now() - started > WAIT_MS || this.child.exitCode !== null) {
        throw new Error(`waited for ${n} × ${re}; stderr:\n${this.lines.join("\n")}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.pid !== undefined) {
      process.kill(this.child.pid, "SIGKILL");
    }
  }
}

const running: Watch[] = [];
afterEach(() => {
  for (const w of running.splice(0)) w.kill();
});

function start(args: string[], cwd: string): Watch {
  const w = new Watch(args, cwd);
  running.push(w);
  return w;
}

/** Saves as editors do: a new file renamed over the old one. */
function save(path: string, bytes: string | Uint8Array): void {
  writeFileSync(`${path}.swp`, bytes);
  renameSync(`${path}.swp`, path);
}

const UPDATE = /^sahifa: watch: story\.md → out\.pdf \(1 page, \d+ ms\)$/;

describe("sahifa watch", () => {
  it("renders at start, after an edit and a photo's change, keeps the PDF on an error, and ends on SIGTERM", async () => {
    const dir = tempDir("sahifa-watch-");
    copyFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"), join(dir, "lead.jpg"));
    const withPhoto = SEED.replace("template: a4-3col\n", "template: a4-3col\nphoto: lead.jpg\n");
    writeFileSync(join(dir, "story.md"), withPhoto);
    const out = join(dir, "out.pdf");
    const w = start(["story.md", "-o", "out.pdf"], dir);

    await w.until(UPDATE, 1);
    const first = readFileSync(out);
    expect(first.subarray(0, 5).toString()).toBe("%PDF-");

    // In place, as some editors save.
    const edit = withPhoto.replace("زيارة رسمية", "زيارة عمل");
    writeFileSync(join(dir, "story.md"), edit);
    await w.until(UPDATE, 2);
    const edited = readFileSync(out);
    expect(edited.equals(first)).toBe(false);

    copyFileSync(join(EXAMPLE_PHOTOS, "astronaut.jpg"), join(dir, "next.jpg"));
    renameSync(join(dir, "next.jpg"), join(dir, "lead.jpg"));
    await w.until(UPDATE, 3);
    const rephotographed = readFileSync(out);
    expect(rephotographed.equals(edited)).toBe(false);

    save(join(dir, "story.md"), "---\nheadline: [\n---\nنص\n");
    await w.until(/^sahifa: story\.md: /, 1);
    const errors = w.lines.filter((l) => /^sahifa: story\.md: /.test(l));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/front matter is not valid YAML/);
    expect(w.lines.join("\n")).not.toMatch(STACK_LINE);
    expect(readFileSync(out).equals(rephotographed)).toBe(true);

    save(join(dir, "story.md"), edit);
    await w.until(UPDATE, 4);
    // The article and photo of the last good PDF again: the same bytes.
    expect(readFileSync(out).equals(rephotographed)).toBe(true);

    process.kill(w.child.pid as number, "SIGTERM");
    expect(await w.exited).toBe(0);
    expect(w.lines.filter((l) => UPDATE.test(l))).toHaveLength(4);
  }, 60_000);

  it("renders a plan again when one of its articles changes, and ends on Ctrl-C with 130", async () => {
    const dir = tempDir("sahifa-watch-plan-");
    writeFileSync(join(dir, "lead.md"), SEED);
    copyFileSync(join(ROOT, "examples", "pages", "brief-rail.md"), join(dir, "brief.md"));
    writeFileSync(
      join(dir, "page.yaml"),
      "template: broadsheet-6col\ndate: 2026-11-29\nstories:\n  - article: lead.md\n  - article: brief.md\n    as: brief\n",
    );
    const out = join(dir, "page.pdf");
    const w = start(["page.yaml", "-o", "page.pdf"], dir);
    const update = /^sahifa: watch: page\.yaml → page\.pdf \(\d+ pages?, \d+ ms\)$/;

    await w.until(update, 1);
    const first = readFileSync(out);
    save(
      join(dir, "brief.md"),
      readFileSync(join(dir, "brief.md"), "utf8").replace(/\.\s*$/, " اليوم.\n"),
    );
    await w.until(update, 2);
    expect(readFileSync(out).equals(first)).toBe(false);

    process.kill(w.child.pid as number, "SIGINT");
    expect(await w.exited).toBe(130);
  }, 60_000);
});
