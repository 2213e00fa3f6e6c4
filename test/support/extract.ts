import * as mupdf from "mupdf";
import { type Block, isPhotoBlock } from "../../src/layout/types.js";

/** Words as extract-check.py counts them: NFKC, no tatweel or harakat, punctuation as space. */
export function normWords(text: string): string[] {
  return text
    .normalize("NFKC")
    .replace(/\u0640/gu, "")
    .replace(/[\u064B-\u065F\u0670]/gu, "")
    .replace(/[^\p{L}\p{N}\p{M}_\s]/gu, " ")
    .split(/\s+/u)
    .filter(Boolean);
}

function lcs(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const cur = [0];
    for (let j = 0; j < b.length; j++)
      cur.push(x === b[j] ? (prev[j] ?? 0) + 1 : Math.max(prev[j + 1] ?? 0, cur[j] ?? 0));
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Bag-of-words recall and in-order (LCS) recall of extracted text against the source. */
export function recall(source: string, extracted: string): { bag: number; order: number } {
  const src = normWords(source);
  const got = normWords(extracted);
  const counts = new Map<string, number>();
  for (const w of got) counts.set(w, (counts.get(w) ?? 0) + 1);
  let bag = 0;
  for (const w of src) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      bag++;
      counts.set(w, n - 1);
    }
  }
  return { bag: bag / src.length, order: lcs(src, got) / src.length };
}

export function mupdfText(pdf: Uint8Array): string {
  const doc = mupdf.Document.openDocument(pdf, "application/pdf");
  const pages: string[] = [];
  for (let i = 0; i < doc.countPages(); i++)
    pages.push(doc.loadPage(i).toStructuredText().asText());
  return pages.join("\n");
}

/**
 * Text as a pdf.js-based reader gets it: getTextContent's items in stream order, a line break
 * at each end of line, and a space where the next item stands apart from the last along the
 * line. pdf.js itself drops a space glyph that a jump back follows, which logical-order
 * right-to-left text always has; its items keep their positions.
 */
export async function pdfjsText(pdf: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    let out = "";
    let prev: { x: number; y: number; width: number; eol: boolean } | null = null;
    for (const item of content.items) {
      if (!("str" in item)) continue;
      const [a = 0, b = 0, , , x = 0, y = 0] = item.transform as number[];
      const size = Math.hypot(a, b);
      if (prev && !prev.eol) {
        const sameLine = Math.abs(y - prev.y) <= size * 0.5;
        const gap = Math.max(prev.x - (x + item.width), x - (prev.x + prev.width));
        if (!sameLine) out += "\n";
        else if (gap > 0.15 * size && !out.endsWith(" ") && !item.str.startsWith(" ")) out += " ";
      }
      out += item.str + (item.hasEOL ? "\n" : "");
      prev = { x, y, width: item.width, eol: item.hasEOL };
    }
    pages.push(out);
    await doc.getPage(i).then((p) => p.cleanup());
  }
  await doc.destroy();
  return pages.join("\n");
}

/**
 * A photo's caption and credit, and where it stands in the reading: after the head (null), or
 * in paragraph `paragraph` right after the words `after` (a photo floated to the next column
 * stands after the line that precedes it there).
 */
export interface CaptionText {
  paragraph: number | null;
  after?: string;
  text: string;
}

/**
 * An article's text in the order a reader meets it on the page: the head, the lead photo's
 * caption, then the body with the captions of photos in the text where they stand.
 */
export function readingText(
  article: {
    kicker?: string;
    headline: string;
    subheadline?: string;
    byline?: string;
    body: readonly string[];
    source?: string;
  },
  captions: readonly CaptionText[] = [],
): string {
  const lead = captions.filter((c) => c.paragraph === null).map((c) => c.text);
  const body = article.body.map((paragraph, i) => {
    let text = paragraph;
    for (const c of captions.filter((c) => c.paragraph === i)) {
      const at = c.after ? text.indexOf(c.after) : -1;
      text =
        at < 0
          ? `${text}\n${c.text}`
          : `${text.slice(0, at + (c.after?.length ?? 0))}\n${c.text}\n${text.slice(at + (c.after?.length ?? 0))}`;
    }
    return text;
  });
  return [
    article.kicker,
    article.headline,
    article.subheadline,
    article.byline,
    ...lead,
    ...body,
    article.source,
  ]
    .filter((s): s is string => Boolean(s))
    .join("\n");
}

/** The captions a layout sets under its photos, each where the page's reading reaches it. */
export function layoutCaptions(layout: {
  pages: {
    blocks: readonly Block[];
    lines: readonly { block: number; text: string; paragraph: number | null }[];
  }[];
  photos: readonly { caption?: string; credit?: string }[];
}): CaptionText[] {
  const out: CaptionText[] = [];
  let previous: { paragraph: number; text: string } | null = null;
  for (const page of layout.pages) {
    const captioned = new Set<number>();
    for (const line of page.lines) {
      const block = page.blocks[line.block];
      if (block?.kind === "body" || block?.kind === "subhead") {
        if (line.paragraph !== null) previous = { paragraph: line.paragraph, text: line.text };
        continue;
      }
      if (block?.kind !== "caption" || block.figure === undefined || captioned.has(block.figure))
        continue;
      captioned.add(block.figure);
      const photo = page.blocks[block.figure];
      if (!isPhotoBlock(photo)) continue;
      const source = layout.photos[photo.photo];
      const text = [source?.caption, source?.credit].filter(Boolean).join("\n");
      if (photo.paragraph === null || !previous) out.push({ paragraph: null, text });
      // The last words of the line before it: the first line of paragraph 0 also has the lead-in.
      else
        out.push({
          paragraph: previous.paragraph,
          after: previous.text.split(" ").slice(-3).join(" "),
          text,
        });
    }
  }
  return out;
}
