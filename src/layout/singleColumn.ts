import type { Article } from "../article/model.js";
import { bundledFont } from "../fonts/registry.js";
import { type PreparedParagraph, prepareParagraph, setParagraph } from "../text/paragraph.js";
import type { StyledParagraph, TextStyle } from "../text/types.js";
import type { Block, Layout, LayoutLine, LayoutPage } from "./types.js";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56.69; // 20 mm

interface Element {
  kind: Block["kind"];
  style: TextStyle;
  leading: number;
  spaceAfter: number;
  text: string;
}

function styled(text: string, style: TextStyle): StyledParagraph {
  return { text, spans: [{ start: 0, end: text.length, style }], direction: "rtl" };
}

/** One column of right-aligned text on A4 pages: the headline, then the body, then the source. */
export function layoutSingleColumn(article: Article): Layout {
  const body: TextStyle = { font: bundledFont("Amiri-Regular.ttf"), size: 12 };
  const head: TextStyle = { font: bundledFont("Amiri-Bold.ttf"), size: 24 };
  const elements: Element[] = [
    { kind: "headline", style: head, leading: 36, spaceAfter: 12, text: article.headline },
    ...article.body.map((text) => ({
      kind: "body" as const,
      style: body,
      leading: 20,
      spaceAfter: 6,
      text,
    })),
    ...(article.source
      ? [{ kind: "source" as const, style: body, leading: 20, spaceAfter: 0, text: article.source }]
      : []),
  ];
  const measure = A4.width - 2 * MARGIN;
  const pages: LayoutPage[] = [];
  let page: LayoutPage | undefined;
  let y = 0;
  elements.forEach((element, paragraph) => {
    const prepared: PreparedParagraph = prepareParagraph(styled(element.text, element.style));
    const lines = setParagraph(prepared, measure);
    let blockIndex = -1;
    for (const line of lines) {
      if (!page || y + element.leading > A4.height - MARGIN) {
        page = { ...A4, blocks: [], lines: [] };
        pages.push(page);
        y = MARGIN;
        blockIndex = -1;
      }
      if (blockIndex < 0) {
        page.blocks.push({
          kind: element.kind,
          x: MARGIN,
          y,
          width: measure,
          height: 0,
          column: null,
        });
        blockIndex = page.blocks.length - 1;
      }
      y += element.leading;
      const block = page.blocks[blockIndex] as Block;
      block.height = y - block.y;
      const out: LayoutLine = {
        block: blockIndex,
        column: null,
        x: MARGIN + measure - line.width,
        y: y - element.leading * 0.3,
        width: line.width,
        measure,
        text: prepared.text.slice(line.start, line.end),
        last: line.last,
        pieces: line.pieces,
        paragraph,
      };
      page.lines.push(out);
    }
    y += element.spaceAfter;
  });
  return { pages, title: article.headline, lang: article.lang };
}
