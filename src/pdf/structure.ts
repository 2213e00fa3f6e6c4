import {
  type Block,
  type BlockKind,
  type FlowOutline,
  isPhotoBlock,
  type Layout,
  type LayoutLine,
  type LayoutPage,
  type LayoutStory,
} from "../layout/types.js";
import {
  addStructureRoot,
  type PdfDoc,
  retypeElement,
  type StructContent,
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

/**
 * A line's or a photo's place in the structure tree: the marked-content tag, and where the
 * marked content goes; or an artifact.
 */
export type ContentRole = { tag: string; add(content: StructContent): void } | "artifact";

/** The tagged PDF's structure tree as the pages are drawn into it. */
export interface Structure {
  roleOf(page: LayoutPage, pageIndex: number, line: LayoutLine): ContentRole;
  roleOfPhoto(page: LayoutPage, block: Block): ContentRole;
  /** Closes the tree; call after the last page. */
  end(): void;
}

/** An element of an article's tree: its place in logical order, role and alternate text. */
interface Found {
  rank: number;
  role: string;
  alt?: string;
}

/** The elements a page's text and photos belong to, by key, in the order the page has them. */
function pageElements(page: LayoutPage, pageIndex: number): Map<string, Found> {
  const found = new Map<string, Found>();
  const note = (block: Block, line: LayoutLine | null) => {
    const { key, rank } = keyOf(page, block, line);
    if (found.has(key)) return;
    const alt = isPhotoBlock(block) ? block.alt : undefined;
    found.set(key, { rank, role: ROLES[block.kind] ?? "P", ...(alt ? { alt } : {}) });
  };
  for (const block of page.blocks) if (block.kind === "photo") note(block, null);
  for (const line of page.lines) {
    const block = page.blocks[line.block];
    if (!block || isArtifact(block.kind, pageIndex)) continue;
    note(block, line);
  }
  return found;
}

/** The key of the element each flow item's lines (and a photo's caption) belong to. */
function flowKeys(flow: readonly FlowOutline[]): string[] {
  return flow.flatMap((item) => {
    if (item.kind === "figure") {
      const key = `figure:${item.photo}`;
      return item.captioned ? [`${key}:0`, `${key}:1`] : [`${key}:0`];
    }
    return [item.kind === "source" ? "source" : `${item.kind}:${item.paragraph}`];
  });
}

/**
 * How many elements an article's tree holds under Art: those of the pages given, and those of
 * the flow's items (an article's later pages hold nothing else, so its first page and its
 * flow are enough).
 */
export function articleElements(
  pages: readonly LayoutPage[],
  flow: readonly FlowOutline[] = [],
): number {
  const keys = new Set(flowKeys(flow));
  pages.forEach((page, pageIndex) => {
    for (const key of pageElements(page, pageIndex).keys()) keys.add(key);
  });
  return keys.size;
}

/** The structure tree of a whole layout: a page plan's, or an article's. */
export function layoutStructure(doc: PdfDoc, layout: Layout): Structure {
  if (layout.stories) return pageStructure(doc, layout, layout.stories);
  return articleStructure(doc, articleElements(layout.pages));
}

/**
 * The structure tree of an article: Document → Art → its elements in logical order (the
 * headline as H1, paragraphs as P, photos as Figure with their alternate text, each followed
 * by its Caption, the pull-quote as BlockQuote, the source line as Note), whatever order the
 * page draws them in. A paragraph that runs over columns and pages is one element with several
 * marked-content sequences.
 *
 * The pages come one at a time, and the elements' logical order is known only at the end; but
 * the file numbers its objects in the order they are made, the elements' before the pages'. So
 * the tree makes its `size` elements first (articleElements counts them) and hands them out in
 * logical order when it closes; until then the marked content of each waits, in drawing order.
 */
export function articleStructure(doc: PdfDoc, size: number): Structure {
  const root = structElement(doc, "Document");
  const article = structElement(doc, "Art");
  root.add(article);
  const elements = Array.from({ length: size }, () => structElement(doc, "P"));
  addStructureRoot(doc, root);
  const found = new Map<string, Found & { contents: StructContent[] }>();
  const roleFor = (page: LayoutPage, block: Block, line: LayoutLine | null): ContentRole => {
    const { key, rank } = keyOf(page, block, line);
    let element = found.get(key);
    if (!element) {
      if (found.size === size) throw new Error(`structure element ${key} was not counted`);
      const alt = isPhotoBlock(block) ? block.alt : undefined;
      element = { rank, role: ROLES[block.kind] ?? "P", ...(alt ? { alt } : {}), contents: [] };
      found.set(key, element);
    }
    const { role, contents } = element;
    return { tag: role, add: (content) => contents.push(content) };
  };
  return {
    roleOf(page: LayoutPage, pageIndex: number, line: LayoutLine): ContentRole {
      const block = page.blocks[line.block];
      if (!block || isArtifact(block.kind, pageIndex)) return "artifact";
      return roleFor(page, block, line);
    },
    roleOfPhoto(page: LayoutPage, block: Block): ContentRole {
      return roleFor(page, block, null);
    },
    end(): void {
      if (found.size !== size)
        throw new Error(`${size} structure elements counted, ${found.size} drawn`);
      // Sorted as they were found when ranks tie: in drawing order.
      const ordered = [...found.values()].sort((a, b) => a.rank - b.rank);
      ordered.forEach(({ role, alt, contents }, i) => {
        const element = elements[i] as StructElement;
        retypeElement(element, role, alt);
        article.add(element);
        for (const content of contents) element.add(content);
      });
      root.end();
    },
  };
}

/** A line of the body's paragraphs (the source line has a paragraph number too). */
function isBodyLine(
  page: LayoutPage,
  line: LayoutLine,
): line is LayoutLine & { paragraph: number } {
  const kind = page.blocks[line.block]?.kind;
  return line.paragraph !== null && (kind === "body" || kind === "subhead");
}

/** Page furniture: it belongs to no story, whatever it says. */
const PAGE_FURNITURE = new Set<BlockKind>(["nameplate", "folio", "rule", "reserve", "section"]);

/**
 * Where a jumped story's continuation matter goes: the jump line after the text before the
 * break, then the continuation's head and its «continued from» line; all of them after the
 * paragraph the break falls in (one element, whichever page its lines are on) and its photos.
 */
const JUMP_OUT = 0.8;
const CONTINUATION_HEAD = 0.85;
const JUMP_IN = 0.9;

/**
 * The structure tree of a page plan: Document → one Art per story in plan order, titled with
 * its headline, each holding the story's elements in logical order as an article's are (see
 * articleStructure), its jump line and continuation head included. The nameplate, the page's
 * strip and folio, rules, the briefs column's title and reserved boxes are artifacts.
 */
function pageStructure(doc: PdfDoc, layout: Layout, stories: readonly LayoutStory[]): Structure {
  // The last body paragraph of each story on each page: where a jump breaks it.
  const lastParagraph = new Map<string, number>();
  layout.pages.forEach((page, pageIndex) => {
    for (const line of page.lines) {
      if (line.story === undefined || !isBodyLine(page, line)) continue;
      const at = `${line.story}:${pageIndex}`;
      lastParagraph.set(at, Math.max(lastParagraph.get(at) ?? -1, line.paragraph));
    }
  });
  const breakRank = (story: number, pageIndex: number, offset: number) =>
    BODY_RANK + (lastParagraph.get(`${story}:${pageIndex}`) ?? -1) + offset;
  /** The page before `pageIndex` that the story is set on: where its text broke off. */
  const pageBefore = (story: number, pageIndex: number) => {
    const pages = stories[story]?.pages ?? [];
    return pages[pages.indexOf(pageIndex) - 1] ?? pageIndex;
  };
  const isFirstPage = (story: number, pageIndex: number) =>
    (stories[story]?.pages[0] ?? pageIndex) === pageIndex;

  type Found = { story: number; key: string; rank: number; role: string; alt?: string };
  const found = new Map<string, Found>();
  const keys = new Map<LayoutLine | Block, string>();
  layout.pages.forEach((page, pageIndex) => {
    const note = (thing: LayoutLine | Block, block: Block, line: LayoutLine | null) => {
      const story = line?.story ?? block.story;
      if (story === undefined || PAGE_FURNITURE.has(block.kind)) return;
      let { key, rank } = keyOf(page, block, line);
      let role = ROLES[block.kind] ?? "P";
      if (block.kind === "jump") {
        // Before any of the story's text on a continuation page it says where the story came from.
        const before = page.lines.slice(0, page.lines.indexOf(line as LayoutLine));
        const comesIn =
          !isFirstPage(story, pageIndex) &&
          !before.some((l) => l.story === story && isBodyLine(page, l));
        key = `jump-${comesIn ? "in" : "out"}:${pageIndex}`;
        rank = comesIn
          ? breakRank(story, pageBefore(story, pageIndex), JUMP_IN)
          : breakRank(story, pageIndex, JUMP_OUT);
      } else if (block.kind === "headline" && !isFirstPage(story, pageIndex)) {
        key = `continuation:${pageIndex}`;
        rank = breakRank(story, pageBefore(story, pageIndex), CONTINUATION_HEAD);
        role = "H2";
      }
      key = `${story}/${key}`;
      keys.set(thing, key);
      if (found.has(key)) return;
      const alt = isPhotoBlock(block) ? block.alt : undefined;
      found.set(key, { story, key, rank, role, ...(alt ? { alt } : {}) });
    };
    for (const block of page.blocks) if (block.kind === "photo") note(block, block, null);
    for (const line of page.lines) {
      const block = page.blocks[line.block];
      if (block) note(line, block, line);
    }
  });

  const root = structElement(doc, "Document");
  const elements = new Map<string, ContentRole>();
  stories.forEach((story, index) => {
    const art = structElement(doc, "Art", {
      title: story.headline,
      ...(story.lang !== layout.lang ? { lang: story.lang } : {}),
    });
    root.add(art);
    const own = [...found.values()].filter((f) => f.story === index);
    for (const { key, role, alt } of own.sort((a, b) => a.rank - b.rank)) {
      const element = structElement(doc, role, alt ? { alt } : {});
      art.add(element);
      elements.set(key, { tag: role, add: (content) => element.add(content) });
    }
  });
  addStructureRoot(doc, root);
  const roleOf = (thing: LayoutLine | Block): ContentRole => {
    const key = keys.get(thing);
    return (key && elements.get(key)) || "artifact";
  };
  return {
    roleOf: (_page, _pageIndex, line) => roleOf(line),
    roleOfPhoto: (_page, block) => roleOf(block),
    end: () => root.end(),
  };
}
