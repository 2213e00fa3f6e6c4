#!/usr/bin/env node
// Renders every article in examples/ to examples/out/<name>.pdf, and every page plan in
// examples/pages/ to examples/out/pages/<name>.pdf, with a PNG preview of each page drawn by
// mupdf (in Node, no system tools needed).
import { readFileSync } from "node:fs";
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import * as mupdf from "mupdf";
import { renderFile, renderPageFile } from "../dist/index.js";

const examples = new URL("../examples/", import.meta.url).pathname;
const out = join(examples, "out");

/** Draws each page of a PDF to `<stem>-<n>.png` at 110 dpi; returns the page count. */
async function previews(pdfPath, stem) {
  const doc = mupdf.Document.openDocument(readFileSync(pdfPath), "application/pdf");
  const pages = doc.countPages();
  for (let i = 0; i < pages; i++) {
    const pixmap = doc
      .loadPage(i)
      .toPixmap(mupdf.Matrix.scale(110 / 72, 110 / 72), mupdf.ColorSpace.DeviceRGB, false, true);
    await writeFile(`${stem}-${i + 1}.png`, pixmap.asPNG());
  }
  return pages;
}

function report(file, pdfPath, pages, started) {
  console.log(
    `${file} → ${pdfPath} (${pages} page${pages === 1 ? "" : "s"}, ${Math.round(performance.now() - started)} ms)`,
  );
}

await mkdir(join(out, "pages"), { recursive: true });
const inputs = (await readdir(examples))
  .filter((f) => [".md", ".json", ".txt"].includes(extname(f)))
  .sort();
for (const file of inputs) {
  const name = `${basename(file, extname(file))}${extname(file) === ".md" ? "" : `-${extname(file).slice(1)}`}`;
  const pdfPath = join(out, `${name}.pdf`);
  const started = performance.now();
  await renderFile(join(examples, file), pdfPath);
  report(file, pdfPath, await previews(pdfPath, join(out, name)), started);
}
const plans = (await readdir(join(examples, "pages"))).filter((f) => f.endsWith(".yaml")).sort();
for (const file of plans) {
  const name = basename(file, ".yaml");
  const pdfPath = join(out, "pages", `${name}.pdf`);
  const started = performance.now();
  await renderPageFile(join(examples, "pages", file), pdfPath, {
    onWarning: (message) => console.warn(`warning: ${message}`),
  });
  report(`pages/${file}`, pdfPath, await previews(pdfPath, join(out, "pages", name)), started);
}
