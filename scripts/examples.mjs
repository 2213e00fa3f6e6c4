#!/usr/bin/env node
// Renders every article in examples/ to examples/out/<name>.pdf, with a PNG preview of each
// page drawn by mupdf (in Node, no system tools needed).
import { mkdir, readdir, writeFile } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import * as mupdf from "mupdf";
import { renderFile } from "../dist/index.js";

const examples = new URL("../examples/", import.meta.url).pathname;
const out = join(examples, "out");
await mkdir(out, { recursive: true });
const inputs = (await readdir(examples))
  .filter((f) => [".md", ".json", ".txt"].includes(extname(f)))
  .sort();
for (const file of inputs) {
  const name = `${basename(file, extname(file))}${extname(file) === ".md" ? "" : `-${extname(file).slice(1)}`}`;
  const pdfPath = join(out, `${name}.pdf`);
  const started = performance.now();
  await renderFile(join(examples, file), pdfPath);
  const doc = mupdf.Document.openDocument(
    await import("node:fs").then((fs) => fs.readFileSync(pdfPath)),
    "application/pdf",
  );
  const pages = doc.countPages();
  for (let i = 0; i < pages; i++) {
    const pixmap = doc
      .loadPage(i)
      .toPixmap(mupdf.Matrix.scale(110 / 72, 110 / 72), mupdf.ColorSpace.DeviceRGB, false, true);
    await writeFile(join(out, `${name}-${i + 1}.png`), pixmap.asPNG());
  }
  console.log(
    `${file} → ${pdfPath} (${pages} page${pages === 1 ? "" : "s"}, ${Math.round(performance.now() - started)} ms)`,
  );
}
