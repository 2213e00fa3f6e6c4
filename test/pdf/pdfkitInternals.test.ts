import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import {
  addPage,
  createDocument,
  type FontkitSubset,
  finishDocument,
  makeRef,
  usePageFont,
  writeContent,
} from "../../src/pdf/pdfkitInternals.js";

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

describe("pdfkit internals sahifa relies on", () => {
  it("writes raw content, page font resources and indirect objects", async () => {
    const doc = createDocument({
      title: "t",
      lang: "ar",
      creationDate: new Date(Date.UTC(2026, 0, 1)),
    });
    addPage(doc, 200, 100);
    const font = makeRef(doc, { Type: "Font", Subtype: "Type1", BaseFont: "Dummy" });
    usePageFont(doc, "F9", font);
    writeContent(doc, "BT /F9 12 Tf ET");
    font.end();
    const pdf = latin1(await finishDocument(doc));
    expect(pdf.startsWith("%PDF-1.7")).toBe(true);
    expect(pdf).toMatch(/\/Font <<\n\/F9 \d+ 0 R/);
    expect(pdf).toContain("/BaseFont /Dummy");
    expect(pdf).toContain("/MediaBox [0 0 200 100]");
    // No default Helvetica: every font in the file is one sahifa embedded.
    expect(pdf).not.toContain("Helvetica");
    expect(pdf).toContain("/Lang (ar)");
  });

  it("gives the same bytes for the same input", async () => {
    const make = async () => {
      const doc = createDocument({
        title: "same",
        lang: "ar",
        creationDate: new Date(Date.UTC(2026, 0, 1)),
      });
      addPage(doc, 100, 100);
      writeContent(doc, "0 0 m 10 10 l S");
      return finishDocument(doc);
    };
    expect(Buffer.from(await make()).equals(Buffer.from(await make()))).toBe(true);
  });

  it("fontkit subsets number glyphs in the order they are included, once each", () => {
    const font = loadFont(bundledFont("Amiri-Regular.ttf"));
    const subset = font.fontkit.createSubset() as unknown as FontkitSubset;
    expect(subset.includeGlyph(3017)).toBe(1);
    expect(subset.includeGlyph(3022)).toBe(2);
    expect(subset.includeGlyph(3017)).toBe(1);
    expect(subset.glyphs.slice(0, 3)).toEqual([0, 3017, 3022]);
    const bytes = subset.encode();
    expect(bytes.length).toBeGreaterThan(100);
    expect(bytes.length).toBeLessThan(font.bytes.length / 10);
  });
});
