import {
  type Block,
  type BlockKind,
  isPhotoBlock,
  type Layout,
  type LayoutLine,
  type LayoutPage,
} from "../layout/types.js";
import {
  addStructureRoot,
  type PdfDoc,
  type StructElement,
  structElement,
} from "./pdfkitInternals.js";

/** The structure type each kind of text takes in the tagged PDF. */
const ROLES: Partial<Record<BlockKind, string>> = {
  dateline: "P",
  kicker: "P",
  headline: "H1",
  subheadline: "P",
  byline: "P",
  body: "P",
  subhead: "H2",
  pullquote: "BlockQuote",
  source: "Note",
  photo: "Figure",
  caption: "Caption",
};

/** Where each element stands in the article's logical order. */
const RANK: Partial<Record<BlockKind, number>> = {
  dateline: 0,
  kicker: 1,
  headline: 2,
  subheadline: 3,
  byline: 4,
};
/** The lead photo comes after the head, before the body. */
const LEAD_PHOTO_RANK = 5;
const BODY_RANK = 10;
const PULL_QUOTE_RANK = 1e9;
const SOURCE_RANK = 2e9;

/** Text that is furniture, not article: the running head on later pages and the folio. */
function isArtifact(kind: BlockKind, pageIndex: number): boolean {
  return kind === "folio" || kind === "rule" || (kind === "dateline" && pageIndex > 0);
}

/**
 * A photo's place: the lead photo after the head, a photo in the text just after the
 * paragraph it follows; its caption right after it.
 */
function figureKey(block: Block, offset: number): { key: string; rank: number } {
  if (!isPhotoBlock(block)) return { key: "figure:?", rank: BODY_RANK - 1 };
  const rank = block.paragraph === null ? LEAD_PHOTO_RANK : BODY_RANK + block.paragraph + 0.5;
  return { key: `figure:${block.photo}:${offset}`, rank: rank + offset * 0.1 };
}

function keyOf(
  page: LayoutPage,
  block: Block,
  line: LayoutLine | null,
): { key: string; rank: number } {
  const { kind } = block;
  if (kind === "photo") return figureKey(block, 0);
  if (kind === "caption") {
    const photo = page.blocks[block.figure ?? -1];
    return photo ? figureKey(photo, 1) : { key: "caption:?", rank: BODY_RANK - 1 };
  }
  if (kind === "body" || kind === "subhead") {
    const paragraph = line?.paragraph ?? 0;
    return { key: `${kind}:${paragraph}`, rank: BODY_RANK + paragraph };
  }
  if (kind === "source") return { key: kind, rank: SOURCE_RANK };
  if (kind === "pullquote") return { key: kind, rank: PULL_QUOTE_RANK };
  return { key: kind, rank: RANK[kind] ?? BODY_RANK - 1 };
}

/** A line's or a photo's place in the structure tree: its element and marked-content tag, or an artifact. */
export type ContentRole = { element: StructElement; tag: string } | "artifact";

/**
 * The structure tree of an article: Document → Art → its elements in logical order (the
 * headline as H1, paragraphs as P, photos as Figure with their alternate text, each followed
 * by its Caption, the pull-quote as BlockQuote, the source line as Note), whatever order the
 * page draws them in. A paragraph that runs over columns and pages is one element with several
 * marked-content sequences.
 */
export function articleStructure(doc: PdfDoc, layout: Layout) {
  const found = new Map<string, { rank: number; role: string; alt?: string }>();
  const note = (page: LayoutPage, block: Block, line: LayoutLine | null) => {
    const { key, rank } = keyOf(page, block, line);
    if (found.has(key)) return;
    const alt = isPhotoBlock(block) ? block.alt : undefined;
    found.set(key, { rank, role: ROLES[block.kind] ?? "P", ...(alt ? { alt } : {}) });
  };
  layout.pages.forEach((page, pageIndex) => {
    for (const block of page.blocks) if (block.kind === "photo") note(page, block, null);
    for (const line of page.lines) {
      const block = page.blocks[line.block];
      if (!block || isArtifact(block.kind, pageIndex)) continue;
      note(page, block, line);
    }
  });
  const root = structElement(doc, "Document");
  const article = structElement(doc, "Art");
  root.add(article);
  const elements = new Map<string, { element: StructElement; tag: string }>();
  for (const [key, { role, alt }] of [...found].sort((a, b) => a[1].rank - b[1].rank)) {
    const element = structElement(doc, role, alt ? { alt } : {});
    article.add(element);
    elements.set(key, { element, tag: role });
  }
  addStructureRoot(doc, root);
  return {
    roleOf(page: LayoutPage, pageIndex: number, line: LayoutLine): ContentRole {
      const block = page.blocks[line.block];
      if (!block || isArtifact(block.kind, pageIndex)) return "artifact";
      return elements.get(keyOf(page, block, line).key) ?? "artifact";
    },
    roleOfPhoto(page: LayoutPage, block: Block): ContentRole {
      return elements.get(keyOf(page, block, null).key) ?? "artifact";
    },
    /** Closes the tree; call after the last page. */
    end(): void {
      root.end();
    },
  };
}
