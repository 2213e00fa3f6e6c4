import { describe, expect, it } from "vitest";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import {
  addPage,
  createDocument,
  finishDocument,
  makeRef,
  subsetWithFontkit,
  usePageFont,
  usePageXObject,
  writeContent,
} from "../../src/pdf/pdfkitInternals.js";

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

/** A document with one 200 × 100 pt page. */
function pageOfDocument() {
  const doc = createDocument({
    title: "t",
    lang: "ar",
    creationDate: new Date(Date.UTC(2026, 0, 1)),
  });
  addPage(doc, 200, 100);
  return doc;
}

describe("pdfkit internals sahifa relies on", () => {
  it("writes raw content, page font resources and indirect objects", async () => {
    const doc = pageOfDocument();
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

  it("names form XObjects in the page resources", async () => {
    const doc = pageOfDocument();
    const form = makeRef(doc, { Type: "XObject", Subtype: "Form", BBox: [0, 0, 10, 10] });
    form.end("0 0 10 10 re f");
    usePageXObject(doc, "G1", form);
    writeContent(doc, "q 1 0 0 1 5 5 cm /G1 Do Q");
    const pdf = latin1(await finishDocument(doc));
    expect(pdf).toMatch(/\/XObject <<\n\/G1 \d+ 0 R/);
    expect(pdf).toContain("/Subtype /Form");
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

  it("fontkit's subsetter (for CFF fonts) reports where each glyph went", () => {
    const font = loadFont(bundledFont("Amiri-Regular.ttf"));
    const { bytes, glyphIds } = subsetWithFontkit(font, [0, 3017, 3022, 3017]);
    expect(glyphIds).toEqual([0, 1, 2, 1]);
    expect(bytes.length).toBeGreaterThan(100);
  });
});
