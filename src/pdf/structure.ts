import type { BlockKind, Layout, LayoutLine, LayoutPage } from "../layout/types.js";
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
};

/** Where each element stands in the article's logical order. */
const RANK: Partial<Record<BlockKind, number>> = {
  dateline: 0,
  kicker: 1,
  headline: 2,
  subheadline: 3,
  byline: 4,
};
const BODY_RANK = 10;
const PULL_QUOTE_RANK = 1e9;
const SOURCE_RANK = 2e9;

/** Text that is furniture, not article: the running head on later pages and the folio. */
function isArtifact(kind: BlockKind, pageIndex: number): boolean {
  return kind === "folio" || kind === "rule" || (kind === "dateline" && pageIndex > 0);
}

function keyOf(kind: BlockKind, line: LayoutLine): { key: string; rank: number } {
  if (kind === "body" || kind === "subhead") {
    const paragraph = line.paragraph ?? 0;
    return { key: `${kind}:${paragraph}`, rank: BODY_RANK + paragraph };
  }
  if (kind === "source") return { key: kind, rank: SOURCE_RANK };
  if (kind === "pullquote") return { key: kind, rank: PULL_QUOTE_RANK };
  return { key: kind, rank: RANK[kind] ?? BODY_RANK - 1 };
}

/** A line's place in the structure tree: its element and marked-content tag, or an artifact. */
export type LineRole = { element: StructElement; tag: string } | "artifact";

/**
 * The structure tree of an article: Document → Art → its elements in logical order (the
 * headline as H1, paragraphs as P, the pull-quote as BlockQuote, the source line as Note),
 * whatever order the page draws them in. A paragraph that runs over columns and pages is one
 * element with several marked-content sequences.
 */
export function articleStructure(doc: PdfDoc, layout: Layout) {
  const found = new Map<string, { rank: number; role: string }>();
  layout.pages.forEach((page, pageIndex) => {
    for (const line of page.lines) {
      const kind = page.blocks[line.block]?.kind;
      if (!kind || isArtifact(kind, pageIndex)) continue;
      const { key, rank } = keyOf(kind, line);
      if (!found.has(key)) found.set(key, { rank, role: ROLES[kind] ?? "P" });
    }
  });
  const root = structElement(doc, "Document");
  const article = structElement(doc, "Art");
  root.add(article);
  const elements = new Map<string, { element: StructElement; tag: string }>();
  for (const [key, { role }] of [...found].sort((a, b) => a[1].rank - b[1].rank)) {
    const element = structElement(doc, role);
    article.add(element);
    elements.set(key, { element, tag: role });
  }
  addStructureRoot(doc, root);
  return {
    roleOf(page: LayoutPage, pageIndex: number, line: LayoutLine): LineRole {
      const kind = page.blocks[line.block]?.kind;
      if (!kind || isArtifact(kind, pageIndex)) return "artifact";
      return elements.get(keyOf(kind, line).key) ?? "artifact";
    },
    /** Closes the tree; call after the last page. */
    end(): void {
      root.end();
    },
  };
}
