/**
 * The watch loop without the command line: the files it watches follow the article (a photo
 * named by an edit is watched from then on), a template file's edit renders again, a burst of
 * saves ends in the PDF of the last one, and nothing renders after close().
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SahifaError } from "../../src/errors.js";
import { renderFileBytes } from "../../src/render.js";
import { type Watching, type WatchUpdate, watchFile } from "../../src/watch/watch.js";
import { EXAMPLE_PHOTOS, ROOT } from "../support/photos.js";

const SEED = readFileSync(join(ROOT, "examples", "jaafari-lavrov.md"), "utf8");

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > ms) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const open: Watching[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.close();
});

function watching(input: string, output: string, options: Parameters<typeof watchFile>[2] = {}) {
  const updates: WatchUpdate[] = [];
  const errors: SahifaError[] = [];
  const w = watchFile(input, output, {
    ...options,
    onUpdate: (u) => updates.push(u),
    onError: (e) => errors.push(e),
  });
  open.push(w);
  return { w, updates, errors };
}

describe("watchFile", () => {
  it("watches a photo an edit names, and renders again when it changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sahifa-watch-lib-"));
    const story = join(dir, "story.md");
    const out = join(dir, "out.pdf");
    writeFileSync(story, SEED);
    const { w, updates, errors } = watching(story, out);
    await w.ready;
    expect(updates).toHaveLength(1);
    expect(w.files()).toEqual([join(ROOT, "templates", "a4-3col.yaml"), story].sort());

    copyFileSync(join(EXAMPLE_PHOTOS, "coffee.jpg"), join(dir, "lead.jpg"));
    writeFileSync(story, SEED.replace("lang: ar\n", "lang: ar\nphoto: lead.jpg\n"));
    await until("the photo to be watched", () => w.files().includes(join(dir, "lead.jpg")));
    await until("the render with the photo", () => updates.length >= 2);
    const withCoffee = readFileSync(out);

    copyFileSync(join(EXAMPLE_PHOTOS, "astronaut.jpg"), join(dir, "lead.jpg"));
    await until(
      "the render with the new photo",
      () => readFileSync(out).equals(withCoffee) === false,
    );
    expect(errors).toEqual([]);
  });

  it("tells a warning once per written PDF, not for the unwritten warm-up renders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sahifa-watch-lib-"));
    const story = join(dir, "story.md");
    writeFileSync(story, SEED.replace("زيارة رسمية", "زيارة رسمية 😀"));
    const warnings: string[] = [];
    const { w, updates } = watching(story, join(dir, "out.pdf"), {
      onWarning: (m) => warnings.push(m),
    });
    await w.ready;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(updates).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 character has no glyph/);
  });

  it("renders again when its template file changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sahifa-watch-lib-"));
    const story = join(dir, "story.md");
    const template = join(dir, "mine.yaml");
    const out = join(dir, "out.pdf");
    writeFileSync(story, SEED);
    const bundled = readFileSync(join(ROOT, "templates", "a4-3col.yaml"), "utf8");
    writeFileSync(template, bundled);
    const { w, updates } = watching(story, out, { template });
    await w.ready;
    expect(w.files()).toContain(template);
    const before = readFileSync(out);

    writeFileSync(template, bundled.replace("columns: { count: 3,", "columns: { count: 2,"));
    await until("the render on two columns", () => updates.length >= 2);
    expect(readFileSync(out).equals(before)).toBe(false);
  });

  it("does not tell an error that a save within debounceMs mends (a file read half-written)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sahifa-watch-lib-"));
    const story = join(dir, "story.md");
    const out = join(dir, "out.pdf");
    writeFileSync(story, SEED);
    // Long enough that the second write lands inside it on a loaded machine.
    const { w, updates, errors } = watching(story, out, { debounceMs: 200 });
    await w.ready;

    writeFileSync(story, SEED.slice(0, 40));
    await new Promise((resolve) => setTimeout(resolve, 10));
    writeFileSync(story, SEED.replace("زيارة رسمية", "زيارة عمل"));
    await until("the mended article's PDF", () => updates.length >= 2);
    expect(errors).toEqual([]);

    writeFileSync(story, SEED.slice(0, 40));
    await until("the error once quiet", () => errors.length >= 1);
    expect(errors[0]?.message).toMatch(/story\.md: /);
  });

  it("writes the PDF of the last of a burst of saves, and nothing after close()", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sahifa-watch-lib-"));
    const story = join(dir, "story.md");
    const out = join(dir, "out.pdf");
    writeFileSync(story, SEED);
    const { w, updates, errors } = watching(story, out, { debounceMs: 20 });
    await w.ready;

    const last = SEED.replace(/الدولية\.\s*$/, "الدولية 5.\n");
    for (let i = 1; i <= 5; i++)
      writeFileSync(story, SEED.replace(/الدولية\.\s*$/, `الدولية ${i}.\n`));
    const expected = (await renderFileBytes(story, join(dir, "expected.pdf"))).pdf;
    expect(readFileSync(story, "utf8")).toBe(last);
    await until("the last save's PDF", () => readFileSync(out).equals(Buffer.from(expected)));
    // Fewer renders than saves: those a later save made stale were thrown away.
    expect(updates.length).toBeLessThan(1 + 5);
    expect(errors).toEqual([]);

    await w.close();
    const count = updates.length;
    writeFileSync(story, SEED);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(updates).toHaveLength(count);
  });
});
