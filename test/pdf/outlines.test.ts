import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import { ContentWriter } from "../../src/pdf/contentWriter.js";
import { num } from "../../src/pdf/glyphRuns.js";
import { createOutlineSet, glyphOutline, writeOutline } from "../../src/pdf/outlines.js";
import { addPage, createDocument, finishDocument } from "../../src/pdf/pdfkitInternals.js";

const amiri = loadFont(bundledFont("Amiri-Regular.ttf"));
const gid = (char: string) => amiri.hbFont.nominalGlyph(char.codePointAt(0) ?? 0) ?? 0;

describe("glyph outlines", () => {
  it("are closed paths in font units, filled non-zero, without a line back to the start", () => {
    const path = glyphOutline(amiri, gid("ب"));
    expect(path).toMatch(/^-?[\d.]+ -?[\d.]+ m .* h f$/);
    // Each contour ends with "h": HarfBuzz's closing line to its start point is left out.
    for (const contour of path
      .slice(0, -2)
      .split(" h")
      .filter((c) => c.trim())) {
      const start = /^\s*(-?[\d.]+ -?[\d.]+) m/.exec(contour)?.[1];
      expect(contour.trimEnd().endsWith(`${start} l`)).toBe(false);
    }
    expect(glyphOutline(amiri, gid(" "))).toBe("");
  });

  it("are written once per document as form XObjects and drawn by name", async () => {
    const doc = createDocument({ title: "t", lang: "ar", creationDate: new Date(0) });
    addPage(doc, 100, 100);
    const outlines = createOutlineSet(doc);
    const fatha = outlines.formOf(amiri, gid("\u064e"));
    expect(fatha).not.toBeNull();
    expect(outlines.formOf(amiri, gid("\u064e"))).toBe(fatha);
    expect(outlines.formOf(amiri, gid("\u064f"))?.name).not.toBe(fatha?.name);
    expect(outlines.formOf(amiri, gid(" "))).toBeNull();
    if (!fatha) return;
    const w = new ContentWriter();
    writeOutline(w, fatha, 10, 20, 10, 2);
    const s = 10 / amiri.unitsPerEm;
    expect(w.view().toString("latin1")).toBe(
      `q ${num(2 * s)} 0 0 ${num(-s)} 10 20 cm /${fatha.name} Do Q\n`,
    );
    const pdf = Buffer.from(await finishDocument(doc)).toString("latin1");
    expect(pdf.match(/\/Subtype \/Form/g)).toHaveLength(2);
  });
});
