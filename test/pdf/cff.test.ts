import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/article/parse.js";
import { layoutArticle } from "../../src/layout/compose.js";
import { TEMPLATES_DIR } from "../../src/layout/template.js";
import { renderArticle } from "../../src/render.js";
import { mupdfText } from "../support/extract.js";

// TeX Gyre Cursor (GUST Font License, beside it): an OpenType font with CFF outlines.
const CFF_FONT = join(import.meta.dirname, "..", "fixtures", "fonts", "texgyrecursor-regular.otf");

/** a4-3col with the CFF font for body text and the date strip. */
function cffTemplate(): string {
  const yaml = readFileSync(join(TEMPLATES_DIR, "a4-3col.yaml"), "utf8")
    .replace(/body: \{ font: [^,]+,/, `body: { font: ${CFF_FONT},`)
    .replace(/name: a4-3col/, "name: cff-test");
  const path = join(mkdtempSync(join(tmpdir(), "sahifa-cff-")), "cff.yaml");
  writeFileSync(path, yaml);
  return path;
}

const article = parseArticle(
  [
    "---",
    "headline: A headline",
    "lang: en",
    "dateline: London",
    "---",
    "",
    "Quick brown foxes jump over lazy dogs; sphinx of black quartz, judge my vow (1234).",
  ].join("\n"),
  { format: "md", fileName: "en.md" },
);

/** The objects of a PDF, read back through mupdf. */
function fontsOf(pdf: Uint8Array) {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf") as mupdf.PDFDocument;
  const fonts: { subtype: string; file: string; fileSubtype: string; map: boolean }[] = [];
  const page = doc.findPage(0);
  const resources = page.get("Resources").get("Font");
  resources.forEach((font: mupdf.PDFObject) => {
    const descendant = font.get("DescendantFonts").get(0);
    const descriptor = descendant.get("FontDescriptor");
    const file = ["FontFile2", "FontFile3"].find((k) => !descriptor.get(k).isNull()) ?? "";
    fonts.push({
      subtype: descendant.get("Subtype").asName(),
      file,
      fileSubtype: descriptor.get(file).get("Subtype").isNull()
        ? ""
        : descriptor.get(file).get("Subtype").asName(),
      map: !descendant.get("CIDToGIDMap").isNull(),
    });
  });
  return fonts;
}

describe("a template font with CFF outlines", () => {
  it("is embedded as a CIDFontType0 with a CFF program, and reads back as the text", async () => {
    const pdf = await renderArticle(article, { template: cffTemplate() });
    const cff = fontsOf(pdf).filter((f) => f.file === "FontFile3");
    expect(cff).toEqual([
      { subtype: "CIDFontType0", file: "FontFile3", fileSubtype: "CIDFontType0C", map: false },
    ]);
    // The TrueType fonts of the template stay as they were.
    for (const f of fontsOf(pdf).filter((f) => f.file !== "FontFile3"))
      expect(f).toMatchObject({ subtype: "CIDFontType2", file: "FontFile2", map: true });
    const text = mupdfText(pdf).replace(/\s+/g, " ");
    expect(text).toContain("Quick brown foxes jump over lazy dogs; sphinx of black quartz");
    expect(text).toContain("(1234)");
  });

  it("draws its glyphs: every body line is inked where the layout puts it", async () => {
    const template = cffTemplate();
    const layout = layoutArticle(article, { template });
    const pdf = await renderArticle(article, { template });
    const page = mupdf.Document.openDocument(pdf, "application/pdf").loadPage(0);
    const scale = 2;
    const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray);
    const [width, pixels] = [pixmap.getWidth(), pixmap.getPixels()];
    const body = (layout.pages[0]?.lines ?? []).filter(
      (l) => layout.pages[0]?.blocks[l.block]?.kind === "body",
    );
    expect(body.length).toBeGreaterThan(0);
    for (const line of body) {
      // The band from the x-height to the baseline along the line's set width.
      let inked = 0;
      for (let y = Math.round((line.y - 5) * scale); y < Math.round(line.y * scale); y++)
        for (let x = Math.round(line.x * scale); x < Math.round((line.x + line.width) * scale); x++)
          if ((pixels[y * width + x] ?? 255) < 128) inked++;
      expect(inked, line.text).toBeGreaterThan(line.text.length);
    }
  });
});
