/**
 * The seed page as an archive and the press read it: the tagged structure and its text, the
 * artifacts, the metadata (Info and XMP), PDF/A-2b/2a, bleed and crop marks, CMYK, the same
 * bytes for the same input, and the file's size. Everything is read back from the bytes with
 * mupdf (objects, decompressed content streams) and pdf.js (structure tree, marked content).
 */
import * as fontkit from "fontkit";
import * as mupdf from "mupdf";
import { afterAll, describe, expect, it } from "vitest";
import type { Article } from "../../src/article/model.js";
import { readArticleFile } from "../../src/article/parse.js";
import { SahifaError } from "../../src/errors.js";
import { loadTemplate } from "../../src/layout/template.js";
import { type RenderOptions, renderArticle } from "../../src/render.js";
import { normWords, recall } from "../support/extract.js";
import {
  contentOf,
  type Op,
  operators,
  PAINTING,
  paintedSegments,
  TEXT_SHOWING,
} from "../support/pdfContent.js";
import { stringCids } from "../support/pdfString.js";

// The article's date must decide the dates below, whatever the environment says.
const savedEpoch = process.env.SOURCE_DATE_EPOCH;
delete process.env.SOURCE_DATE_EPOCH;
afterAll(() => {
  if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = savedEpoch;
});

const article = await readArticleFile("examples/jaafari-lavrov.md");
const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };

// ---------------------------------------------------------------------------------------------
// Reading the PDF
// ---------------------------------------------------------------------------------------------

function open(pdf: Uint8Array): mupdf.PDFDocument {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf").asPDF();
  if (!doc) throw new Error("not a PDF");
  return doc;
}

const catalogOf = (doc: mupdf.PDFDocument) => doc.getTrailer().get("Root");
const infoOf = (doc: mupdf.PDFDocument) => doc.getTrailer().get("Info");

function pages(doc: mupdf.PDFDocument): mupdf.PDFObject[] {
  return Array.from({ length: doc.countPages() }, (_, i) => doc.findPage(i));
}

function numbers(array: mupdf.PDFObject): number[] {
  return Array.from({ length: array.length }, (_, i) => array.get(i).asNumber());
}

/** The page's boxes as [x0, y0, x1, y1]. */
function box(page: mupdf.PDFObject, name: string): number[] {
  return numbers(page.get(name));
}

/** Text of each marked-content id as pdf.js reads it, and the text of artifacts. */
interface MarkedText {
  byId: Map<string, string>;
  artifacts: string[];
}

type PdfjsDocument = Awaited<
  ReturnType<typeof import("pdfjs-dist/legacy/build/pdf.mjs").getDocument>["promise"]
>;

async function pdfjsDocument(pdf: Uint8Array): Promise<PdfjsDocument> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  return getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
}

/**
 * pdf.js's text content with marked content, put together per marked-content id: a space where
 * glyphs stand apart along the line (as test/support/extract.ts does for the page), a line
 * break where the baseline changes.
 */
async function markedText(doc: PdfjsDocument): Promise<MarkedText> {
  const byId = new Map<string, string>();
  const artifacts: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true });
    const stack: string[] = [];
    let prev: { x: number; y: number; width: number } | null = null;
    for (const item of content.items) {
      if ("type" in item) {
        if (item.type === "endMarkedContent") stack.pop();
        else stack.push(item.id ?? `#${(item as { tag?: string }).tag ?? ""}`);
        prev = null;
        continue;
      }
      const key = stack.at(-1) ?? "#none";
      const [a = 0, b = 0, , , x = 0, y = 0] = item.transform as number[];
      const size = Math.hypot(a, b);
      let out = byId.get(key) ?? "";
      if (prev) {
        const gap = Math.max(prev.x - (x + item.width), x - (prev.x + prev.width));
        if (Math.abs(y - prev.y) > size * 0.5) out += "\n";
        else if (gap > 0.15 * size && !out.endsWith(" ") && !item.str.startsWith(" ")) out += " ";
      } else if (out) out += "\n";
      out += item.str;
      prev = { x, y, width: item.width };
      byId.set(key, out);
    }
    artifacts.push(byId.get("#Artifact") ?? "");
    byId.delete("#Artifact");
  }
  return { byId, artifacts };
}

interface StructNode {
  role: string;
  /** Marked-content ids of the element's own content, in order. */
  content: string[];
  children: StructNode[];
}

interface PdfjsStructNode {
  role?: string;
  type?: string;
  id?: string;
  children?: PdfjsStructNode[];
}

function toStructNode(node: PdfjsStructNode): StructNode {
  const kids = node.children ?? [];
  return {
    role: node.role ?? "",
    content: kids.filter((k) => k.type === "content" && k.id).map((k) => k.id as string),
    children: kids.filter((k) => k.role !== undefined).map(toStructNode),
  };
}

/** The structure tree's top level as pdf.js sees it on the first page. */
async function structTree(doc: PdfjsDocument): Promise<StructNode> {
  const tree = (await (await doc.getPage(1)).getStructTree()) as unknown as PdfjsStructNode;
  return toStructNode(tree);
}

/** An element's text: its marked content in order, lines joined by spaces. */
function elementText(node: StructNode, text: MarkedText): string {
  return [
    ...node.content.map((id) => text.byId.get(id) ?? ""),
    ...node.children.map((c) => elementText(c, text)),
  ].join(" ");
}

function xmpOf(doc: mupdf.PDFDocument): string {
  const metadata = catalogOf(doc).get("Metadata");
  expect(metadata.isStream(), "the Catalog has an XMP /Metadata stream").toBe(true);
  return metadata.readStream().asString();
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name] ?? whole;
  });
}

/** The text of an XMP property: its element's text, or its first rdf:li's. */
function xmpValue(xmp: string, property: string): string | undefined {
  const element = new RegExp(`<${property}(?:\\s[^>]*)?>([\\s\\S]*?)</${property}>`).exec(xmp);
  if (!element) return undefined;
  const inner = element[1] ?? "";
  const li = /<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(inner);
  return xmlUnescape((li ? li[1] : inner)?.trim() ?? "");
}

/**
 * What keeps an XML text from being well-formed, as far as a packet like XMP goes: tags that
 * do not nest, a "<" that starts no tag, an "&" that starts no entity.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const entity = /^&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;
  const checkText = (text: string, at: number) => {
    for (let i = text.indexOf("&"); i >= 0; i = text.indexOf("&", i + 1)) {
      if (!entity.test(text.slice(i))) problems.push(`bare "&" at ${at + i}`);
    }
  };
  const tag =
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const end = lt < 0 ? xml.length : lt;
    checkText(xml.slice(i, end), i);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (!m) {
      problems.push(`"<" that starts no tag at ${lt}: ${JSON.stringify(xml.slice(lt, lt + 20))}`);
      i = lt + 1;
      continue;
    }
    const [, closing, name, attributes] = m;
    if (name) {
      checkText(attributes ?? "", lt);
      if (closing) {
        const open = stack.pop();
        if (open !== name) problems.push(`</${name}> closes <${open}> at ${lt}`);
      } else if (!m[4]) stack.push(name);
    }
    i = tag.lastIndex;
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(", ")}`);
  return problems;
}

/** "D:20261129000000Z" or "D:20261129000000+01'00'" as a Date. */
function pdfDate(text: string): Date {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'\d{2}'?)?/.exec(text);
  if (!m) throw new Error(`not a PDF date: ${text}`);
  const zone = !m[7] || m[7] === "Z" ? "Z" : `${m[7].slice(0, 3)}:${m[7].slice(4, 6)}`;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
}

interface PageFont {
  name: string;
  font: mupdf.PDFObject;
  /** Unicode text of each CID, from /ToUnicode. */
  toUnicode: Map<number, string>;
}

function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) =>
    String.fromCharCode(...(h.match(/[0-9A-Fa-f]{4}/g) ?? []).map((u) => Number.parseInt(u, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, cid = "", text = ""] of (block[1] ?? "").matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g,
    ))
      map.set(Number.parseInt(cid, 16), hex(text));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo = "", hi = "", text = ""] of (block[1] ?? "").matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g,
    )) {
      const start = Number.parseInt(text, 16);
      for (let c = Number.parseInt(lo, 16); c <= Number.parseInt(hi, 16); c++)
        map.set(c, String.fromCharCode(start + c - Number.parseInt(lo, 16)));
    }
  }
  return map;
}

function pageFonts(page: mupdf.PDFObject): PageFont[] {
  const fonts: PageFont[] = [];
  page
    .get("Resources")
    .get("Font")
    .forEach((font, name) => {
      const toUnicode = font.get("ToUnicode");
      fonts.push({
        name: String(name),
        font,
        toUnicode: toUnicode.isStream()
          ? toUnicodeMap(toUnicode.readStream().asString())
          : new Map(),
      });
    });
  return fonts;
}

/** Each glyph shown: its font's resource name, CID, and whether it is drawn (Tr not 3). */
function shownGlyphs(ops: readonly Op[]): { font: string; cid: number; visible: boolean }[] {
  const glyphs: { font: string; cid: number; visible: boolean }[] = [];
  let font = "";
  let mode = 0;
  for (const { op, args } of ops) {
    if (op === "Tf") font = (args[0] ?? "").slice(1);
    else if (op === "Tr") mode = Number(args[0]);
    else if (TEXT_SHOWING.has(op)) {
      for (const s of args.filter((a) => (a.startsWith("<") && a !== "<<") || a.startsWith("("))) {
        for (const cid of stringCids(s)) glyphs.push({ font, cid, visible: mode !== 3 });
      }
    }
  }
  return glyphs;
}

/** Every object of the file: its number and the object itself (streams not decoded). */
function allObjects(doc: mupdf.PDFDocument): { num: number; obj: mupdf.PDFObject }[] {
  const out: { num: number; obj: mupdf.PDFObject }[] = [];
  for (let num = 1; num < doc.countObjects(); num++) {
    const obj = doc.newIndirect(num).resolve();
    if (!obj.isNull()) out.push({ num, obj });
  }
  return out;
}

const render = (options: RenderOptions = {}, input: Article = article) =>
  renderArticle(input, options);

// ---------------------------------------------------------------------------------------------

describe("the seed page is a tagged PDF", async () => {
  const pdf = await render();
  const doc = open(pdf);
  const catalog = catalogOf(doc);
  const page = doc.findPage(0);
  const ops = operators(contentOf(page));
  const js = await pdfjsDocument(pdf);
  const tree = await structTree(js);
  const text = await markedText(js);
  afterAll(() => js.destroy());

  const art = tree.children[0]?.children[0];
  const elements = art?.children ?? [];
  const roles = elements.map((e) => e.role);
  const bodyCount = article.body.length;

  it("marks itself tagged, in Arabic, with a structure tree", () => {
    expect(doc.countPages()).toBe(1);
    expect(catalog.get("MarkInfo").get("Marked").asBoolean()).toBe(true);
    expect(catalog.get("Lang").asString()).toBe("ar");
    expect(catalog.get("StructTreeRoot").get("Type").asName()).toBe("StructTreeRoot");
    expect(page.get("StructParents").isNumber()).toBe(true);
    expect(page.get("Tabs").asName()).toBe("S");
  });

  it("is Document → Art → date strip, kicker, headline, byline, paragraphs, pull-quote, source", () => {
    expect(tree.children.map((c) => c.role)).toEqual(["Document"]);
    expect(tree.children[0]?.children.map((c) => c.role)).toEqual(["Art"]);
    expect(bodyCount).toBe(9);
    expect(roles).toEqual([
      "P",
      "P",
      "H1",
      "P",
      ...Array<string>(bodyCount).fill("P"),
      "BlockQuote",
      "Note",
    ]);
  });

  it("each element's marked content reads as its text", () => {
    const words = (i: number) => normWords(elements[i] ? elementText(elements[i], text) : "");
    const strip = words(0);
    expect(strip[0]).toBe(article.dateline);
    expect(strip).toContain("2026");
    expect(words(1)).toEqual(normWords(article.kicker ?? ""));
    expect(words(2)).toEqual(normWords(article.headline));
    expect(words(3)).toEqual(normWords(article.byline ?? ""));
    // The first paragraph opens with the dateline lead-in (موسكو –).
    expect(words(4)).toEqual(normWords(`${article.dateline} – ${article.body[0]}`));
    for (let i = 1; i < bodyCount; i++)
      expect(words(4 + i)).toEqual(normWords(article.body[i] ?? ""));
    expect(words(4 + bodyCount)).toEqual(normWords(article.pullQuote ?? ""));
    expect(words(5 + bodyCount)).toEqual(normWords(article.source ?? ""));
  });

  it("the H1's marked content is the headline", () => {
    const h1 = elements.find((e) => e.role === "H1");
    expect(h1?.content.length).toBe(3); // three lines, one sequence each
    const headline = h1 ? elementText(h1, text) : "";
    expect(headline.replace(/\s+/gu, " ").trim()).toBe(article.headline);
  });

  it("reading the structure in order gives the article's words in order", () => {
    const readingOrder = [
      article.kicker,
      article.headline,
      article.byline,
      ...article.body,
      article.pullQuote,
      article.source,
    ].join("\n");
    const all = elements.map((e) => elementText(e, text)).join("\n");
    const r = recall(readingOrder, all);
    expect(r.bag).toBe(1);
    expect(r.order).toBe(1);
  });

  it("every marked-content id belongs to one element, and the parent tree agrees", () => {
    const fromContent = ops.flatMap((o) =>
      o.op === "BDC" && o.marks.at(-1)?.mcid !== undefined ? [o.marks.at(-1)?.mcid] : [],
    );
    expect(fromContent).toEqual([...fromContent.keys()]); // 0, 1, 2, … once each
    // The tree as stored: each element's /K MCIDs, checked against /ParentTree.
    const root = catalog.get("StructTreeRoot");
    const nums = root.get("ParentTree").get("Nums");
    const key = page.get("StructParents").asNumber();
    let parents: mupdf.PDFObject | undefined;
    for (let i = 0; i < nums.length; i += 2)
      if (nums.get(i).asNumber() === key) parents = nums.get(i + 1);
    expect(parents?.length).toBe(fromContent.length);
    const owner = new Map<number, number>();
    const walk = (node: mupdf.PDFObject) => {
      const kids = node.get("K");
      const list = kids.isArray()
        ? Array.from({ length: kids.length }, (_, i) => kids.get(i))
        : [kids];
      for (const kid of list) {
        if (kid.isNumber()) {
          expect(owner.has(kid.asNumber())).toBe(false);
          owner.set(kid.asNumber(), node.asIndirect());
          expect(node.get("Pg").asIndirect()).toBe(page.asIndirect());
        } else if (kid.isDictionary() && kid.get("Type").isNull()) walk(kid);
        else if (kid.isDictionary()) throw new Error(`unexpected kid ${kid.toString()}`);
      }
    };
    walk(root);
    expect([...owner.keys()].sort((a, b) => a - b)).toEqual(fromContent);
    for (const [mcid, element] of owner) expect(parents?.get(mcid).asIndirect()).toBe(element);
  });

  it("draws nothing outside marked content", () => {
    const untagged = ops.filter(
      (o) => (TEXT_SHOWING.has(o.op) || PAINTING.has(o.op)) && o.marks.length === 0,
    );
    expect(untagged.map((o) => o.op)).toEqual([]);
    // Artifacts and structure never nest in each other.
    expect(ops.filter((o) => o.marks.length > 1)).toEqual([]);
  });

  it("rules and the folio are artifacts; the folio's text is in no element", () => {
    const strokes = ops.filter((o) => o.op === "S");
    expect(strokes.length).toBeGreaterThanOrEqual(4); // under the strip and head, column rules, box
    for (const s of strokes) expect(s.marks.map((m) => m.tag)).toEqual(["Artifact"]);
    const rules = ops.filter((o) => o.op === "BDC" && o.args.includes("/Layout"));
    expect(rules.length).toBeGreaterThan(0);
    // The folio: the only text outside the structure, an /Artifact /Pagination sequence.
    const loose = ops.filter((o) => TEXT_SHOWING.has(o.op) && o.marks[0]?.tag === "Artifact");
    expect(loose.length).toBe(1);
    expect(ops.some((o) => o.op === "BDC" && o.args.includes("/Pagination"))).toBe(true);
    expect(text.artifacts.map((t) => t.trim())).toEqual(["1"]);
    const inStructure = normWords(elements.map((e) => elementText(e, text)).join(" "));
    expect(inStructure).not.toContain("1");
  });
});

describe("metadata", async () => {
  const pdf = await render();
  const doc = open(pdf);
  const info = infoOf(doc);
  const xmp = xmpOf(doc);

  it("Info has the title, author, subject and keywords", () => {
    expect(info.get("Title").asString()).toBe(article.headline);
    expect(info.get("Author").asString()).toBe(article.byline);
    expect(info.get("Subject").asString()).toBe(article.kicker);
    const keywords = info.get("Keywords").asString();
    expect(keywords).toContain(article.kicker);
    expect(keywords).toContain(article.dateline);
    expect(catalogOf(doc).get("ViewerPreferences").get("DisplayDocTitle").asBoolean()).toBe(true);
  });

  it("the creation date is the article's, in Info and XMP alike; there is no ModDate", () => {
    const created = info.get("CreationDate").asString();
    expect(created).toMatch(/^D:20261129/);
    expect(pdfDate(created).toISOString()).toBe("2026-11-29T00:00:00.000Z");
    const xmpCreated = xmpValue(xmp, "xmp:CreateDate") ?? "";
    expect(xmpCreated).toMatch(/^2026-11-29/);
    expect(new Date(xmpCreated).getTime()).toBe(pdfDate(created).getTime());
    expect(info.get("ModDate").isNull()).toBe(true);
    expect(xmp).not.toContain("ModifyDate");
  });

  it("XMP is well-formed and says what Info says", async () => {
    expect(xmlProblems(xmp)).toEqual([]);
    expect(xmpValue(xmp, "dc:title")).toBe(article.headline);
    expect(xmpValue(xmp, "dc:creator")).toBe(article.byline);
    expect(xmpValue(xmp, "dc:description")).toBe(info.get("Subject").asString());
    expect(xmpValue(xmp, "pdf:Keywords")).toBe(info.get("Keywords").asString());
    expect(xmpValue(xmp, "pdf:Producer")).toBe(info.get("Producer").asString());
    expect(xmpValue(xmp, "xmp:CreatorTool")).toBe(info.get("Creator").asString());
    const js = await pdfjsDocument(pdf);
    const { metadata } = await js.getMetadata();
    expect(metadata?.get("dc:title")).toBe(article.headline);
    await js.destroy();
  });

  it("a headline, byline and kicker with & < > \" ' keep the XMP well-formed", async () => {
    const odd: Article = {
      ...article,
      headline: `موسكو & بغداد <تدعوان> "إيران" 'الآن' AT&T <b>`,
      byline: "عبد الله & عيسى <مراسل>",
      kicker: "زيارة & <رسمية>",
    };
    for (const options of [{}, { pdfa: "2a" as const }]) {
      const d = open(await render(options, odd));
      const packet = xmpOf(d);
      expect(xmlProblems(packet)).toEqual([]);
      expect(packet).toContain("AT&amp;T &lt;b&gt;");
      expect(xmpValue(packet, "dc:title")).toBe(odd.headline);
      expect(xmpValue(packet, "dc:creator")).toBe(odd.byline);
      expect(xmpValue(packet, "dc:description")).toBe(odd.kicker);
      // Info keeps the text as it is.
      expect(infoOf(d).get("Title").asString()).toBe(odd.headline);
      expect(infoOf(d).get("Author").asString()).toBe(odd.byline);
    }
  });

  it("without an article date, CreationDate follows SOURCE_DATE_EPOCH", async () => {
    const { date: _date, ...undated } = article;
    const epoch = Date.UTC(2025, 6, 14, 12, 30, 15);
    process.env.SOURCE_DATE_EPOCH = String(epoch / 1000);
    try {
      const d = open(await render({}, undated));
      const created = infoOf(d).get("CreationDate").asString();
      expect(created).toMatch(/^D:20250714123015/);
      expect(pdfDate(created).getTime()).toBe(epoch);
      expect(new Date(xmpValue(xmpOf(d), "xmp:CreateDate") ?? "").getTime()).toBe(epoch);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
    // Neither: a fixed date, never the clock.
    const d = open(await render({}, undated));
    expect(infoOf(d).get("CreationDate").asString()).toMatch(/^D:20000101000000/);
  });

  it("with both an article date and SOURCE_DATE_EPOCH, the article's date wins", async () => {
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 6, 14) / 1000);
    try {
      const d = open(await render());
      expect(infoOf(d).get("CreationDate").asString()).toMatch(/^D:20261129/);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });
});

describe.each(["2b", "2a"] as const)("PDF/A-%s", async (level) => {
  const pdf = await render({ pdfa: level });
  const doc = open(pdf);
  const catalog = catalogOf(doc);
  const xmp = xmpOf(doc);
  const objects = allObjects(doc);

  it("starts with a binary comment and names its part and conformance in XMP", () => {
    const head = pdf.subarray(0, 15);
    expect(Buffer.from(head.subarray(0, 10)).toString("latin1")).toBe("%PDF-1.7\n%");
    expect([...head.subarray(10, 14)].every((b) => b >= 128)).toBe(true);
    expect(xmlProblems(xmp)).toEqual([]);
    expect(xmpValue(xmp, "pdfaid:part")).toBe("2");
    expect(xmpValue(xmp, "pdfaid:conformance")).toBe(level.slice(1).toUpperCase());
  });

  it("has an sRGB output intent with an ICC profile of 3 components", () => {
    const intents = catalog.get("OutputIntents");
    expect(intents.isArray()).toBe(true);
    expect(intents.length).toBeGreaterThanOrEqual(1);
    const intent = intents.get(0);
    expect(intent.get("S").asName()).toBe("GTS_PDFA1");
    expect(intent.get("OutputConditionIdentifier").asString()).not.toBe("");
    const profile = intent.get("DestOutputProfile");
    expect(profile.isStream()).toBe(true);
    expect(profile.get("N").asNumber()).toBe(3);
    const icc = profile.readStream().asUint8Array();
    const tag = (at: number) => Buffer.from(icc.subarray(at, at + 4)).toString("latin1");
    expect(tag(36)).toBe("acsp");
    expect(tag(16)).toBe("RGB ");
  });

  it("embeds every font it uses, each with a ToUnicode map", () => {
    for (const page of pages(doc)) {
      const fonts = pageFonts(page);
      expect(fonts.length).toBeGreaterThan(0);
      for (const { name, font } of fonts) {
        expect(font.get("Subtype").asName(), name).toBe("Type0");
        expect(font.get("Encoding").asName(), name).toBe("Identity-H");
        const cid = font.get("DescendantFonts").get(0);
        expect(cid.get("Subtype").asName(), name).toBe("CIDFontType2");
        const file = cid.get("FontDescriptor").get("FontFile2");
        expect(file.isStream(), `${name} FontFile2`).toBe(true);
        const program = fontkit.create(
          Buffer.from(file.readStream().asUint8Array()),
        ) as fontkit.Font;
        const map = cid.get("CIDToGIDMap");
        expect(map.isStream(), `${name} CIDToGIDMap`).toBe(true);
        const gids = map.readStream().asUint8Array();
        let maxGid = 0;
        for (let i = 0; i + 1 < gids.length; i += 2)
          maxGid = Math.max(maxGid, ((gids[i] ?? 0) << 8) | (gids[i + 1] ?? 0));
        expect(maxGid, `${name}: every glyph is in the embedded program`).toBeLessThan(
          program.numGlyphs,
        );
        expect(font.get("ToUnicode").isStream(), `${name} ToUnicode`).toBe(true);
      }
    }
  });

  it("maps every glyph it shows to Unicode", () => {
    for (const page of pages(doc)) {
      const fonts = new Map(pageFonts(page).map((f) => [f.name, f]));
      const unmapped = shownGlyphs(operators(contentOf(page))).filter(({ font, cid }) => {
        const text = fonts.get(font)?.toUnicode.get(cid);
        return !text || text.includes("\u0000") || /[\ufeff\ufffe\ufffd]/u.test(text);
      });
      expect(unmapped).toEqual([]);
    }
  });

  // ISO 19005-2 §6.2.11.5 (veraPDF rule 6.2.11.5-1): the /W width of every glyph drawn (text
  // render mode other than 3) agrees with the embedded font program's advance within 1/1000 em.
  it("gives each drawn glyph the width its embedded font program has", () => {
    const mismatched: string[] = [];
    for (const page of pages(doc)) {
      const widths = new Map<string, (cid: number) => [number, number]>();
      for (const { name, font } of pageFonts(page)) {
        const cid = font.get("DescendantFonts").get(0);
        const w = cid.get("W");
        const dict = new Map<number, number>();
        for (let i = 0; i + 1 < w.length; i += 2) {
          const first = w.get(i).asNumber();
          const next = w.get(i + 1);
          if (next.isArray()) {
            for (const [j, v] of numbers(next).entries()) dict.set(first + j, v);
          } else
            for (let c = first; c <= next.asNumber(); c++) dict.set(c, w.get(i + 2).asNumber());
          if (!next.isArray()) i++;
        }
        const gids = cid.get("CIDToGIDMap").readStream().asUint8Array();
        const program = fontkit.create(
          Buffer.from(cid.get("FontDescriptor").get("FontFile2").readStream().asUint8Array()),
        ) as fontkit.Font;
        const dw = cid.get("DW").isNumber() ? cid.get("DW").asNumber() : 1000;
        widths.set(name, (c) => {
          const gid = ((gids[c * 2] ?? 0) << 8) | (gids[c * 2 + 1] ?? 0);
          const advance = (program.getGlyph(gid).advanceWidth * 1000) / program.unitsPerEm;
          return [dict.get(c) ?? dw, advance];
        });
      }
      for (const g of shownGlyphs(operators(contentOf(page)))) {
        const [w = 0, advance = 0] = widths.get(g.font)?.(g.cid) ?? [];
        if (g.visible && Math.abs(w - advance) > 1)
          mismatched.push(`${g.font}/${g.cid}: W ${w}, font ${Math.round(advance)}`);
      }
    }
    expect(mismatched).toEqual([]);
  });

  it("is not encrypted and has no JavaScript", () => {
    expect(doc.getTrailer().get("Encrypt").isNull()).toBe(true);
    // The file's own syntax (stream data left out: compressed bytes may spell anything).
    const raw = Buffer.from(pdf)
      .toString("latin1")
      .replace(/\bstream\r?\n[\s\S]*?\bendstream\b/g, "");
    expect(raw).toContain("/Catalog");
    expect(raw).not.toMatch(/\/(?:JavaScript|JS|Encrypt)\b/);
    for (const { num, obj } of objects) {
      const dict = obj.toString();
      expect(dict, `object ${num}`).not.toMatch(/\/(?:JavaScript|JS|AA|Launch)\b/);
    }
    expect(catalog.get("OpenAction").isNull()).toBe(true);
    for (const page of pages(doc)) expect(contentOf(page)).not.toMatch(/\/(?:JavaScript|JS)\b/);
  });

  it("has no transparency: no soft masks, transparency groups or constant alpha below 1", () => {
    for (const { num, obj } of objects) {
      const dict = obj.toString();
      expect(dict, `object ${num}`).not.toMatch(/\/SMask\b/);
      expect(dict, `object ${num}`).not.toMatch(/\/S\s*\/Transparency\b/);
      for (const m of dict.matchAll(/\/(?:CA|ca)\s+([\d.]+)/g))
        expect(Number(m[1]), `object ${num}`).toBe(1);
      expect(dict, `object ${num}`).not.toMatch(/\/BM\s*\/(?!Normal\b|Compatible\b)/);
    }
    for (const page of pages(doc)) {
      expect(page.get("Group").isNull()).toBe(true);
      expect(operators(contentOf(page)).filter((o) => o.op === "gs")).toEqual([]);
    }
  });

  it("writes no ModDate, and every Info entry has its XMP twin", () => {
    const info = infoOf(doc);
    expect(info.get("ModDate").isNull()).toBe(true);
    expect(xmp).not.toContain("ModifyDate");
    expect(xmpValue(xmp, "dc:title")).toBe(info.get("Title").asString());
    expect(xmpValue(xmp, "dc:creator")).toBe(info.get("Author").asString());
    expect(xmpValue(xmp, "dc:description")).toBe(info.get("Subject").asString());
    expect(xmpValue(xmp, "pdf:Keywords")).toBe(info.get("Keywords").asString());
    expect(xmpValue(xmp, "pdf:Producer")).toBe(info.get("Producer").asString());
    expect(xmpValue(xmp, "xmp:CreatorTool")).toBe(info.get("Creator").asString());
    expect(new Date(xmpValue(xmp, "xmp:CreateDate") ?? "").getTime()).toBe(
      pdfDate(info.get("CreationDate").asString()).getTime(),
    );
  });

  it("stays tagged", () => {
    expect(catalog.get("MarkInfo").get("Marked").asBoolean()).toBe(true);
    expect(catalog.get("Lang").asString()).toBe("ar");
    expect(catalog.get("StructTreeRoot").isDictionary()).toBe(true);
  });
});

describe("PDF/A and CMYK", () => {
  it("are refused together with a SahifaError", async () => {
    for (const pdfa of ["2b", "2a"] as const) {
      const error = await render({ pdfa, cmyk: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SahifaError);
      expect((error as SahifaError).code).toBe("USAGE");
      expect((error as SahifaError).message).toMatch(/PDF\/A.*CMYK/);
    }
  });
});

describe("print: bleed and crop marks", async () => {
  const template = loadTemplate(article.template ?? "a4-3col");
  const bleed = 3 * MM;

  it("the template's page is A4", () => {
    expect(template.page.width).toBeCloseTo(A4.width, 2);
    expect(template.page.height).toBeCloseTo(A4.height, 2);
  });

  describe("bleed: 3, cropMarks: true", async () => {
    const doc = open(await render({ bleed: 3, cropMarks: true }));
    const page = doc.findPage(0);
    const [mx0 = 0, my0 = 0, mx1 = 0, my1 = 0] = box(page, "MediaBox");
    const trim = box(page, "TrimBox");
    const bleedBox = box(page, "BleedBox");
    const [tx0 = 0, ty0 = 0, tx1 = 0, ty1 = 0] = trim;
    const [bx0 = 0, by0 = 0, bx1 = 0, by1 = 0] = bleedBox;
    const ops = operators(contentOf(page));
    const segments = paintedSegments(ops);
    const outside = (x: number, y: number) => x < bx0 || x > bx1 || y < by0 || y > by1;
    const marks = segments.filter((s) => outside(...s.from) && outside(...s.to));

    it("TrimBox is the A4 page, inside a sheet grown by bleed and room for marks", () => {
      expect(tx1 - tx0).toBeCloseTo(A4.width, 2);
      expect(ty1 - ty0).toBeCloseTo(A4.height, 2);
      expect([mx0, my0]).toEqual([0, 0]);
      // The same margin all round: bleed plus the marks' room.
      const room = tx0 - bleed;
      expect(room).toBeGreaterThan(0);
      for (const margin of [tx0, ty0, mx1 - tx1, my1 - ty1]) expect(margin).toBeCloseTo(tx0, 2);
      expect(mx1 - mx0).toBeCloseTo(A4.width + 2 * (bleed + room), 2);
      expect(my1 - my0).toBeCloseTo(A4.height + 2 * (bleed + room), 2);
    });

    it("BleedBox is the TrimBox grown by 3 mm (8.504 pt) each side", () => {
      expect(bleed).toBeCloseTo(8.504, 3);
      expect(tx0 - bx0).toBeCloseTo(bleed, 2);
      expect(ty0 - by0).toBeCloseTo(bleed, 2);
      expect(bx1 - tx1).toBeCloseTo(bleed, 2);
      expect(by1 - ty1).toBeCloseTo(bleed, 2);
    });

    it("strokes eight crop marks on the trim lines, outside the bleed, as artifacts", () => {
      expect(marks.length).toBe(8);
      for (const s of marks) {
        expect(s.paint).toBe("S");
        expect(s.marks.map((m) => m.tag)).toEqual(["Artifact"]);
        const [x0, y0] = s.from;
        const [x1, y1] = s.to;
        for (const [x, y] of [s.from, s.to]) {
          expect(x).toBeGreaterThanOrEqual(mx0 - 0.001);
          expect(x).toBeLessThanOrEqual(mx1 + 0.001);
          expect(y).toBeGreaterThanOrEqual(my0 - 0.001);
          expect(y).toBeLessThanOrEqual(my1 + 0.001);
        }
        const vertical = Math.abs(x0 - x1) < 0.01;
        const horizontal = Math.abs(y0 - y1) < 0.01;
        expect(vertical !== horizontal).toBe(true);
        const onTrim = (v: number, edges: number[]) => edges.some((e) => Math.abs(v - e) < 0.01);
        if (vertical) expect(onTrim(x0, [tx0, tx1])).toBe(true);
        else expect(onTrim(y0, [ty0, ty1])).toBe(true);
      }
      // Two marks at each corner of the trim.
      const corners = new Set(
        marks.map((s) => `${s.from[0] < tx0 + 1 ? "L" : "R"}${s.from[1] < ty0 + 1 ? "B" : "T"}`),
      );
      expect(corners.size).toBe(4);
    });

    it("draws everything else within the bleed", () => {
      const rest = segments.filter((s) => !marks.includes(s));
      expect(rest.length).toBeGreaterThan(0);
      for (const s of rest)
        for (const [x, y] of [s.from, s.to]) expect(outside(x, y), `${x},${y}`).toBe(false);
    });
  });

  it("bleed: 3 alone makes MediaBox = BleedBox, the trim inside by 3 mm", async () => {
    const page = open(await render({ bleed: 3 })).findPage(0);
    const media = box(page, "MediaBox");
    const bleedBox = box(page, "BleedBox");
    media.forEach((v, i) => {
      expect(v).toBeCloseTo(bleedBox[i] ?? Number.NaN, 2);
    });
    const [tx0 = 0, ty0 = 0, tx1 = 0, ty1 = 0] = box(page, "TrimBox");
    expect(tx0).toBeCloseTo(bleed, 2);
    expect(ty0).toBeCloseTo(bleed, 2);
    expect(tx1 - tx0).toBeCloseTo(A4.width, 2);
    expect(ty1 - ty0).toBeCloseTo(A4.height, 2);
    // No crop marks: every stroke is inside the trim.
    for (const s of paintedSegments(operators(contentOf(page))))
      for (const [x, y] of [s.from, s.to]) {
        expect(x).toBeGreaterThanOrEqual(tx0 - 0.01);
        expect(y).toBeGreaterThanOrEqual(ty0 - 0.01);
      }
  });

  it("without print options the boxes are the page", async () => {
    const page = open(await render()).findPage(0);
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = box(page, "MediaBox");
    expect([x0, y0]).toEqual([0, 0]);
    expect(x1).toBeCloseTo(A4.width, 2);
    expect(y1).toBeCloseTo(A4.height, 2);
    for (const name of ["TrimBox", "BleedBox"]) {
      const b = box(page, name);
      for (const [i, v] of b.entries()) expect(v).toBeCloseTo([x0, y0, x1, y1][i] ?? 0, 2);
    }
  });
});

describe("CMYK", async () => {
  const cmyk = operators(contentOf(open(await render({ cmyk: true })).findPage(0)));
  const rgb = operators(contentOf(open(await render()).findPage(0)));
  const colorOps = (ops: Op[]) =>
    new Set(
      ops.map((o) => o.op).filter((op) => /^(?:rg|RG|k|K|g|G|sc|scn|SC|SCN|cs|CS)$/.test(op)),
    );

  it("paints with k/K only", () => {
    expect([...colorOps(cmyk)].sort()).toEqual(["K", "k"]);
  });

  it("body text is black ink alone: 0 0 0 1 k", async () => {
    const doc = open(await render({ cmyk: true }));
    const art = catalogOf(doc).get("StructTreeRoot").get("K").get(0).get("K").get(0);
    // Art's children: strip, kicker, H1, byline, then the body paragraphs.
    const body = new Set<number>();
    for (let i = 4; i < 4 + article.body.length; i++)
      for (const mcid of numbers(art.get("K").get(i).get("K"))) body.add(mcid);
    expect(body.size).toBeGreaterThan(20);
    let fill = "";
    let shown = 0;
    for (const o of cmyk) {
      if (o.op === "k" || o.op === "rg") fill = `${o.args.join(" ")} ${o.op}`;
      const mcid = o.marks[0]?.mcid;
      if ((TEXT_SHOWING.has(o.op) || o.op === "f") && mcid !== undefined && body.has(mcid)) {
        expect(fill, `MCID ${mcid}`).toBe("0 0 0 1 k");
        shown++;
      }
    }
    expect(shown).toBeGreaterThan(body.size);
  });

  it("the default is RGB, with no k", () => {
    const used = colorOps(rgb);
    expect(used.has("k")).toBe(false);
    expect(used.has("K")).toBe(false);
    expect(used.has("rg")).toBe(true);
  });

  it("crop marks in CMYK are in registration colour, so every plate carries them", async () => {
    const ops = operators(
      contentOf(open(await render({ cmyk: true, bleed: 3, cropMarks: true })).findPage(0)),
    );
    expect([...colorOps(ops)].sort()).toEqual(["K", "k"]);
    const first = ops.find((o) => o.op === "K");
    expect(first?.args).toEqual(["1", "1", "1", "1"]);
  });
});

describe("the same input gives the same bytes", () => {
  const cases: [string, RenderOptions][] = [
    ["default", {}],
    ["PDF/A-2a", { pdfa: "2a" }],
    ["bleed and crop marks", { bleed: 3, cropMarks: true }],
  ];
  it.each(cases)("%s", async (_name, options) => {
    const a = await render(options);
    const b = await render(options);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("a different creation date changes the bytes", async () => {
    const a = await render({ creationDate: new Date(Date.UTC(2026, 10, 29)) });
    const b = await render({ creationDate: new Date(Date.UTC(2026, 10, 30)) });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Buffer.from(a).equals(Buffer.from(await render()))).toBe(true);
  });
});

describe("size", () => {
  it("the seed page is at most 60 KB", async () => {
    const pdf = await render();
    console.log(`seed page PDF (a4-3col, default options): ${pdf.byteLength} bytes`);
    expect(pdf.byteLength).toBeLessThanOrEqual(61_440);
  });
});
