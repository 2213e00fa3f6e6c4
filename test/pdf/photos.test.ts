/**
 * Photos in the PDF, read back from the bytes with mupdf: embedded at most at the template's
 * resolution, once however often drawn, as Figure elements with their alternate text and a
 * Caption after them; in RGB under PDF/A and CMYK for the press; the same bytes each time.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as mupdf from "mupdf";
import { describe, expect, it } from "vitest";
import { isPhotoBlock } from "../../src/layout/types.js";
import {
  layoutArticle,
  loadArticlePhotos,
  type RenderOptions,
  renderArticle,
} from "../../src/render.js";
import { articleInFolder, gradientJpeg } from "../support/photos.js";

const BODY = Array.from(
  { length: 8 },
  (_, i) =>
    `الفقرة ${i + 1}: أعلنت الحكومة اليوم عن خطة جديدة لتطوير شبكة النقل العام في العاصمة، تشمل خطوط حافلات سريعة ومحطات قطار جديدة، وقال الوزير إن العمل سيبدأ مطلع العام المقبل وينتهي خلال ثلاث سنوات.`,
);

/** An article beside the sample photos, and any other files it needs. */
function story(frontMatter: string, files: Record<string, string | Uint8Array> = {}) {
  const made = articleInFolder(
    ["headline: خطة جديدة للنقل العام", "date: 2026-03-01", frontMatter],
    BODY,
  );
  for (const [name, content] of Object.entries(files)) writeFileSync(join(made.dir, name), content);
  return made;
}

async function render(frontMatter: string, options: RenderOptions = {}, files = {}) {
  const { article, dir } = story(frontMatter, files);
  const photos = await loadArticlePhotos(article, { photoDir: dir });
  const layout = layoutArticle(article, { template: "a4-3col", photos, ...options });
  const pdf = await renderArticle(article, { template: "a4-3col", photos, ...options });
  return { article, layout, pdf, doc: open(pdf) };
}

function open(pdf: Uint8Array): mupdf.PDFDocument {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf").asPDF();
  if (!doc) throw new Error("not a PDF");
  return doc;
}

interface ImageInfo {
  name: string;
  width: number;
  height: number;
  colorSpace: string;
  filter: string;
  interpolate: boolean;
  smask: boolean;
  decode: number[] | null;
  object: number;
}

/** The image XObjects each page names, as their dictionaries say. */
function images(doc: mupdf.PDFDocument): ImageInfo[][] {
  return Array.from({ length: doc.countPages() }, (_, i) => {
    const out: ImageInfo[] = [];
    doc
      .findPage(i)
      .get("Resources")
      .get("XObject")
      .forEach((xobject, name) => {
        if (xobject.get("Subtype").asName() !== "Image") return;
        const decode = xobject.get("Decode");
        out.push({
          name: String(name),
          width: xobject.get("Width").asNumber(),
          height: xobject.get("Height").asNumber(),
          colorSpace: xobject.get("ColorSpace").asName(),
          filter: xobject.get("Filter").asName(),
          interpolate: xobject.get("Interpolate").isNull()
            ? false
            : xobject.get("Interpolate").asBoolean(),
          smask: !xobject.get("SMask").isNull(),
          decode: decode.isArray()
            ? Array.from({ length: decode.length }, (_, k) => decode.get(k).asNumber())
            : null,
          object: xobject.asIndirect(),
        });
      });
    return out;
  });
}

/** How often each page's content paints an XObject: `/Name Do`. */
function paints(doc: mupdf.PDFDocument, page: number): string[] {
  const content = doc.findPage(page).get("Contents").readStream().asString();
  return [...content.matchAll(/\/(\S+) Do/g)].map((m) => m[1] ?? "");
}

/** Art's children in order: structure type and alternate text. */
function articleElements(doc: mupdf.PDFDocument): { role: string; alt?: string }[] {
  const root = doc.getTrailer().get("Root").get("StructTreeRoot");
  const kids = (e: mupdf.PDFObject) => {
    const k = e.get("K");
    return k.isArray() ? Array.from({ length: k.length }, (_, i) => k.get(i)) : [k];
  };
  const document = kids(root)[0] as mupdf.PDFObject;
  const art = kids(document)[0] as mupdf.PDFObject;
  return kids(art)
    .filter((e) => e.isDictionary())
    .map((e) => {
      const alt = e.get("Alt");
      return { role: e.get("S").asName(), ...(alt.isNull() ? {} : { alt: alt.asString() }) };
    });
}

describe("resolution", () => {
  it("a 4000-pixel photo one column wide is embedded at no more than 300 ppi", async () => {
    const big = await gradientJpeg(4000, 2667);
    const { layout, doc } = await render(
      "photos:\n  - src: big.jpg\n    after: 1",
      {},
      { "big.jpg": big },
    );
    const block = layout.pages.flatMap((p) => p.blocks.filter(isPhotoBlock))[0];
    if (!block) throw new Error("no photo block");
    const [image] = images(doc).flat();
    if (!image) throw new Error("no image in the PDF");
    const ppi = image.width / (block.width / 72);
    expect(ppi).toBeLessThanOrEqual(300.5);
    expect(ppi).toBeGreaterThan(290);
    expect(image.height / (block.height / 72)).toBeLessThanOrEqual(300.5);
    expect([image.width, image.height]).toEqual([block.embedded.width, block.embedded.height]);
    // The block says what was used: the crop in source pixels, at its own resolution.
    expect(block.pixels).toEqual({ width: 4000, height: 2667 });
    expect(block.ppi).toBeGreaterThan(1000);
  });

  it("a small photo is embedded at its own size, never upsampled", async () => {
    const { layout, doc } = await render("photo: coffee.jpg");
    const block = layout.pages[0]?.blocks.find(isPhotoBlock);
    const [image] = images(doc).flat();
    expect(image?.width).toBe(block?.crop.width);
    expect(image?.height).toBe(block?.crop.height);
  });
});

describe("each picture once per document", () => {
  it("two photos that show the same picture the same way share one image", async () => {
    const { doc } = await render(
      "photos:\n  - src: coffee.jpg\n    after: 1\n  - src: coffee.jpg\n    after: 5",
    );
    const all = images(doc).flat();
    const drawn = Array.from({ length: doc.countPages() }, (_, p) => paints(doc, p))
      .flat()
      .filter((name) => name.startsWith("Im"));
    expect(drawn).toHaveLength(2);
    expect(new Set(all.map((i) => i.object)).size).toBe(1);
  });
});

describe("tagged", () => {
  it("a Figure with the caption as /Alt, then its Caption, where the photo stands", async () => {
    const { doc } = await render(
      "photo: coffee.jpg\nphotos:\n  - src: astronaut.jpg\n    after: 2\n    alt: رائدة فضاء ببزّتها البرتقالية",
    );
    const elements = articleElements(doc);
    const roles = elements.map((e) => e.role);
    const figures = roles.flatMap((r, i) => (r === "Figure" ? [i] : []));
    expect(figures).toHaveLength(2);
    for (const i of figures) expect(roles[i + 1]).toBe("Caption");
    expect(elements[figures[0] ?? 0]?.alt).toBe("فنجان قهوة على طاولة خشبية");
    expect(elements[figures[1] ?? 0]?.alt).toBe("رائدة فضاء ببزّتها البرتقالية");
    // The lead photo after the headline, before the body; the other after paragraph 2.
    expect(roles.indexOf("H1")).toBeLessThan(figures[0] ?? -1);
    // P elements before it: the date strip, and body paragraphs 0, 1 and 2.
    const paragraphsBefore = roles.slice(0, figures[1]).filter((r) => r === "P").length;
    expect(paragraphsBefore).toBe(4);
  });

  it("a photo with no caption anywhere has no caption block and no /Alt, and renders", async () => {
    const { layout, doc } = await render("photo: chelsea-cmyk.jpg");
    expect(layout.pages[0]?.blocks.filter((b) => b.kind === "caption")).toEqual([]);
    const figure = articleElements(doc).find((e) => e.role === "Figure");
    expect(figure).toEqual({ role: "Figure" });
  });
});

describe("colour", () => {
  const sources =
    "photo: chelsea-cmyk.jpg\nphotos:\n  - src: chelsea-alpha.png\n    after: 1\n  - src: camera.png\n    after: 4";

  it.each([
    ["plain", {}],
    ["PDF/A-2b", { pdfa: "2b" as const }],
  ])("%s: RGB and grey images, no /Interpolate, no soft mask", async (_, options) => {
    const { doc } = await render(sources, options);
    const all = images(doc).flat();
    expect(all).toHaveLength(3);
    expect(all.map((i) => i.colorSpace).sort()).toEqual(["DeviceGray", "DeviceRGB", "DeviceRGB"]);
    for (const image of all) {
      expect(image.interpolate).toBe(false);
      expect(image.smask).toBe(false);
      expect(image.filter).toBe("DCTDecode");
    }
  });

  it("--cmyk: CMYK images that print as they show, grey still one channel", async () => {
    const { doc } = await render(sources, { cmyk: true });
    const all = images(doc).flat();
    expect(all.map((i) => i.colorSpace).sort()).toEqual(["DeviceCMYK", "DeviceCMYK", "DeviceGray"]);
    for (const image of all.filter((i) => i.colorSpace === "DeviceCMYK"))
      expect(image.decode).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    // Drawn by mupdf, the CMYK page looks like the RGB one: no inverted colours.
    const rgb = await render(sources);
    const draw = (d: mupdf.PDFDocument) =>
      d
        .loadPage(0)
        .toPixmap(mupdf.Matrix.scale(0.5, 0.5), mupdf.ColorSpace.DeviceRGB, false)
        .getPixels();
    const a = draw(doc);
    const b = draw(rgb.doc);
    let sum = 0;
    for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    expect(sum / a.length).toBeLessThan(6);
  });
});

describe("the same input gives the same bytes", () => {
  it("twice the same, and another photo changes them", async () => {
    const a = await render("photo: coffee.jpg");
    const b = await render("photo: coffee.jpg");
    expect(Buffer.from(a.pdf).equals(Buffer.from(b.pdf))).toBe(true);
    const c = await render("photo: astronaut.jpg");
    expect(Buffer.from(a.pdf).equals(Buffer.from(c.pdf))).toBe(false);
  });
});
