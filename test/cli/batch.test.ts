import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listing, ROOT, STACK_LINE, sahifa, tempDir } from "./cli.js";

const SUMMARY =
  /^done (\d+), failed (\d+), skipped (\d+), (\d+) pages? in [\d.]+ s \([\d.]+ pages\/s\)$/m;

function summary(stderr: string) {
  const m = SUMMARY.exec(stderr);
  if (!m) throw new Error(`no summary line in:\n${stderr}`);
  const [done, failed, skipped, pages] = m.slice(1).map(Number);
  return { done, failed, skipped, pages };
}

const mtimes = (dir: string, files: string[]) =>
  files.map((f) => statSync(join(dir, "out", f)).mtimeMs);

describe("sahifa batch", () => {
  // Three good articles in three formats (two given by a glob), one bad one, and a template.
  const dir = tempDir("sahifa-batch-");
  mkdirSync(join(dir, "stories"));
  copyFileSync(join(ROOT, "examples", "jaafari-lavrov.md"), join(dir, "stories", "moscow.md"));
  copyFileSync(join(ROOT, "examples", "cairo-central-bank.md"), join(dir, "stories", "cairo.md"));
  copyFileSync(join(ROOT, "examples", "beirut-music-festival.json"), join(dir, "beirut.json"));
  writeFileSync(join(dir, "stories", "broken.md"), "---\nheadline: [1, 2]\n---\n\nنص\n");
  copyFileSync(join(ROOT, "templates", "a4-3col.yaml"), join(dir, "paper.yaml"));
  const args = ["batch", "stories/*.md", "beirut.json", "--out-dir", "out", "--jobs", "2"];
  const pdfs = ["beirut.pdf", "cairo.pdf", "moscow.pdf"];

  it("renders the good files in parallel, reports the bad one, and exits 1", async () => {
    const result = await sahifa([...args, "--template", "paper.yaml"], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(summary(result.stderr)).toMatchObject({ done: 3, failed: 1, skipped: 0 });
    expect(summary(result.stderr).pages).toBeGreaterThanOrEqual(3);
    const failures = result.stderr.split("\n").filter((l) => l.includes("failed:"));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      /^\[\d\/4\] failed: stories\/broken\.md: headline: expected a string, got array$/,
    );
    // Plain progress lines (no terminal here), one per good file.
    for (const [input, pdf] of [
      ["stories/moscow.md", "moscow.pdf"],
      ["stories/cairo.md", "cairo.pdf"],
      ["beirut.json", "beirut.pdf"],
    ]) {
      expect(result.stderr).toMatch(
        new RegExp(`^\\[\\d/4\\] ${input} → out/${pdf} \\(\\d+ pages?\\)$`, "m"),
      );
    }
    // The PDFs, and the record of the settings they were made with.
    expect(listing(join(dir, "out"))).toEqual([".sahifa-batch.json", ...pdfs]);
    for (const pdf of pdfs) {
      expect(
        readFileSync(join(dir, "out", pdf))
          .subarray(0, 5)
          .toString("latin1"),
      ).toBe("%PDF-");
    }
  });

  it("skips PDFs that are up to date on a second run", async () => {
    const before = mtimes(dir, pdfs);
    const again = await sahifa([...args, "--template", "paper.yaml"], dir);
    expect(again.status).toBe(1); // the bad file fails again
    expect(summary(again.stderr)).toEqual({ done: 0, failed: 1, skipped: 3, pages: 0 });
    const goodFiles = [
      "batch",
      "stories/moscow.md",
      "stories/cairo.md",
      "beirut.json",
      "-d",
      "out",
    ];
    const good = await sahifa([...goodFiles, "--template", "paper.yaml"], dir);
    expect(good.status).toBe(0);
    expect(summary(good.stderr)).toEqual({ done: 0, failed: 0, skipped: 3, pages: 0 });
    expect(mtimes(dir, pdfs)).toEqual(before);
    // Other settings make other PDFs: a newer PDF made without them is not up to date.
    const cmyk = await sahifa([...goodFiles, "--template", "paper.yaml", "--cmyk"], dir);
    expect(summary(cmyk.stderr)).toMatchObject({ done: 3, failed: 0, skipped: 0 });
    const cmykAgain = await sahifa([...goodFiles, "--template", "paper.yaml", "--cmyk"], dir);
    expect(summary(cmykAgain.stderr)).toMatchObject({ done: 0, failed: 0, skipped: 3 });
    const plain = await sahifa([...goodFiles, "--template", "paper.yaml"], dir);
    expect(summary(plain.stderr)).toMatchObject({ done: 3, failed: 0, skipped: 0 });
  });

  it("renders again what is older than its input or the template", async () => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(dir, "stories", "cairo.md"), future, future);
    const one = await sahifa([...args, "--template", "paper.yaml"], dir);
    expect(summary(one.stderr)).toMatchObject({ done: 1, failed: 1, skipped: 2 });
    utimesSync(join(dir, "paper.yaml"), future, future);
    const all = await sahifa([...args, "--template", "paper.yaml"], dir);
    expect(summary(all.stderr)).toMatchObject({ done: 3, failed: 1, skipped: 0 });
  });

  it("--force renders everything again", async () => {
    const before = mtimes(dir, pdfs);
    const result = await sahifa([...args, "--force"], dir);
    expect(result.status).toBe(1);
    expect(summary(result.stderr)).toMatchObject({ done: 3, failed: 1, skipped: 0 });
    mtimes(dir, pdfs).forEach((t, i) => {
      expect(t).toBeGreaterThan(before[i] as number);
    });
    expect(listing(join(dir, "out"))).toEqual([".sahifa-batch.json", ...pdfs]);
  });

  it("exits 0 when every file renders, and reports globs that match nothing", async () => {
    const ok = await sahifa(["batch", "stories/moscow.md", "-d", "fresh", "-j", "1"], dir);
    expect(ok.status).toBe(0);
    expect(summary(ok.stderr)).toMatchObject({ done: 1, failed: 0, skipped: 0 });
    const none = await sahifa(["batch", "nothing/*.md", "missing.md", "-d", "fresh"], dir);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^failed: nothing\/\*\.md: no files match$/m);
    expect(none.stderr).toMatch(/^failed: missing\.md: file not found$/m);
    expect(summary(none.stderr)).toEqual({ done: 0, failed: 2, skipped: 0, pages: 0 });
  });

  it("an output folder that cannot be created exits 3 in one line", async () => {
    writeFileSync(join(dir, "plain-file"), "");
    const result = await sahifa(["batch", "beirut.json", "-d", "plain-file/out"], dir);
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^sahifa: plain-file\/out: cannot create the output folder[^\n]*\n$/,
    );
  });
});

describe("sahifa batch --report", () => {
  const dir = tempDir("sahifa-batch-report-");
  copyFileSync(join(ROOT, "examples", "jaafari-lavrov.md"), join(dir, "moscow.md"));
  copyFileSync(join(ROOT, "examples", "cairo-central-bank.md"), join(dir, "cairo.md"));
  writeFileSync(join(dir, "broken.md"), "---\nheadline: [1, 2]\n---\n\nنص\n");

  it("writes a JSON line per file as it finishes: what it made, its time and thread, or why it failed", async () => {
    const inputs = ["moscow.md", "cairo.md", "broken.md", "missing.md"];
    const result = await sahifa(
      ["batch", ...inputs, "-d", "out", "-j", "2", "--report", "out/report.jsonl"],
      dir,
    );
    expect(result.status).toBe(1);
    const lines = readFileSync(join(dir, "out", "report.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.input).sort()).toEqual([...inputs].sort());
    for (const name of ["moscow", "cairo"]) {
      const line = lines.find((l) => l.input === `${name}.md`);
      expect(line).toMatchObject({ ok: true, output: join("out", `${name}.pdf`), pages: 1 });
      expect(line?.ms).toBeGreaterThan(0);
      expect(Number.isInteger(line?.thread)).toBe(true);
    }
    expect(lines.find((l) => l.input === "broken.md")).toMatchObject({
      ok: false,
      code: "INPUT_INVALID",
      message: "broken.md: headline: expected a string, got array",
    });
    expect(lines.find((l) => l.input === "missing.md")).toMatchObject({
      ok: false,
      message: "missing.md: file not found",
    });
    // In the order the files finished.
    const at = lines.map((l) => l.at as number);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("a report that cannot be written fails at once in one line, and nothing is rendered", async () => {
    const result = await sahifa(
      ["batch", "moscow.md", "-d", "out2", "--report", "no-folder/report.jsonl"],
      dir,
    );
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^sahifa: no-folder\/report\.jsonl: cannot write the report \(the folder does not exist, ENOENT\)\n$/,
    );
    expect(listing(join(dir, "out2"))).toEqual([]);
  });
});
