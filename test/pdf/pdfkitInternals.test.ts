import { join } from "node:path";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadFont } from "../../src/fonts/registry.js";
import {
  addPage,
  cffSubsetInCidOrder,
  createDocument,
  deflatePageContent,
  finishDocument,
  makeRef,
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

  it("writes a page's content stream deflated beforehand, once, with its filter", async () => {
    const doc = pageOfDocument();
    const operators = "0 0 m 10 10 l S ".repeat(50);
    writeContent(doc, operators);
    deflatePageContent(doc);
    addPage(doc, 200, 100);
    writeContent(doc, "1 1 m 2 2 l S");
    const pdf = Buffer.from(await finishDocument(doc));
    const streams = [...pdf.toString("latin1").matchAll(/<<([^>]*)>>\nstream\n/g)];
    const contents = streams
      .filter((m) => m[1]?.includes("/FlateDecode"))
      .map((m) => {
        const length = Number(/\/Length (\d+)/.exec(m[1] ?? "")?.[1]);
        const start = (m.index ?? 0) + m[0].length;
        const text = inflateSync(pdf.subarray(start, start + length)).toString();
        return { dict: m[1] ?? "", text };
      });
    const first = contents.find((c) => c.text.includes("0 0 m"));
    expect(first?.text.endsWith(`${operators}\n`)).toBe(true);
    expect(first?.dict.match(/FlateDecode/g)).toHaveLength(1);
    // The page it was not called for is deflated by pdfkit as before.
    expect(contents.some((c) => c.text.endsWith("\n1 1 m 2 2 l S\n"))).toBe(true);
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

  it("fontkit's CFF subsetter writes the glyphs in the order given, repeats included", () => {
    const font = loadFont(
      join(import.meta.dirname, "..", "fixtures", "fonts", "texgyrecursor-regular.otf"),
    );
    const a = font.hbFont.nominalGlyph(0x41) ?? 0;
    const b = font.hbFont.nominalGlyph(0x42) ?? 0;
    const cff = cffSubsetInCidOrder(font, [0, a, b, a]);
    expect(cff[0]).toBe(1); // CFF major version
    // The Name INDEX, Top DICT INDEX and String INDEX come first; CharStrings follow elsewhere,
    // so count them through the Top DICT's offset (operator 17).
    const view = new DataView(cff.buffer, cff.byteOffset, cff.byteLength);
    const skipIndex = (at: number) => {
      const count = view.getUint16(at);
      if (count === 0) return at + 2;
      const offSize = view.getUint8(at + 2);
      const last = at + 3 + count * offSize;
      let end = 0;
      for (let k = 0; k < offSize; k++) end = end * 256 + view.getUint8(last + k);
      return last + offSize + end - 1;
    };
    const topDictIndex = skipIndex(view.getUint8(2));
    const topCount = view.getUint16(topDictIndex);
    expect(topCount).toBe(1);
    const offSize = view.getUint8(topDictIndex + 2);
    const dataStart = topDictIndex + 3 + 2 * offSize - 1;
    const off = (i: number) => {
      let v = 0;
      for (let k = 0; k < offSize; k++)
        v = v * 256 + view.getUint8(topDictIndex + 3 + i * offSize + k);
      return v;
    };
    // Walk the Top DICT for CharStrings (17): operands before the operator.
    const operands: number[] = [];
    let charStrings = -1;
    for (let p = dataStart + off(0); p < dataStart + off(1); ) {
      const b0 = view.getUint8(p);
      if (b0 === 29) {
        operands.push(view.getInt32(p + 1));
        p += 5;
      } else if (b0 === 28) {
        operands.push(view.getInt16(p + 1));
        p += 3;
      } else if (b0 >= 32 && b0 <= 246) {
        operands.push(b0 - 139);
        p += 1;
      } else if (b0 >= 247 && b0 <= 254) {
        const b1 = view.getUint8(p + 1);
        operands.push(b0 <= 250 ? (b0 - 247) * 256 + b1 + 108 : -(b0 - 251) * 256 - b1 - 108);
        p += 2;
      } else if (b0 === 30) {
        p += 1;
        while ((view.getUint8(p) & 0x0f) !== 0x0f && view.getUint8(p) >> 4 !== 0x0f) p++;
        p += 1;
        operands.push(0);
      } else {
        const op = b0 === 12 ? 1200 + view.getUint8(p + 1) : b0;
        p += b0 === 12 ? 2 : 1;
        if (op === 17) charStrings = operands.at(-1) ?? -1;
        operands.length = 0;
      }
    }
    expect(charStrings).toBeGreaterThan(0);
    expect(view.getUint16(charStrings)).toBe(4);
  });
});
