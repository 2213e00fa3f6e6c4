import type { Article } from "../article/model.js";
import { SahifaError } from "../errors.js";
import type { ArticlePhotos, PhotoSource } from "../image/types.js";
import type { DigitStyle } from "../text/digits.js";
import {
  bodyItems,
  figureItems,
  type ParagraphItem,
  type PullQuote,
  placeBody,
  preparePullQuote,
} from "./body.js";
import { evenLastPage, type PageSetting } from "./even.js";
import { type Figure, placeFigure, prepareFigure } from "./figure.js";
import { type FlowCursor, type FlowItem, flowKeepingFigures, isDone } from "./flow.js";
import { composeHead, composeRunningHead } from "./head.js";
import { type Geometry, geometryOf, isRightToLeft, PageBuilder } from "./page.js";
import { loadTemplate, type Template } from "./template.js";
import type { FlowOutline, Layout, LayoutPage } from "./types.js";

export { isRightToLeft } from "./page.js";

export interface LayoutOptions {
  /** A template name (from templates/), a path, or a loaded template; default a4-3col. */
  template?: string | Template;
  /** The article's photos as loadArticlePhotos() read them: needed when the article has any. */
  photos?: ArticlePhotos;
  /** The digits of numbers in Arabic text, over the article's and the template's. */
  digits?: DigitStyle;
}

/** The template an article is set on: the options', else the article's own, else a4-3col. */
export function templateOf(article: Article, options: LayoutOptions): Template {
  return typeof options.template === "object"
    ? options.template
    : loadTemplate(options.template ?? article.template ?? "a4-3col");
}

/** The photos an article names, loaded: an error when the caller did not load them. */
function photosOf(article: Article, options: LayoutOptions): ArticlePhotos {
  const wanted = (article.photo ? 1 : 0) + (article.photos?.length ?? 0);
  const given = options.photos;
  const count = given ? (given.lead ? 1 : 0) + given.inText.length : 0;
  if (wanted !== count) {
    throw new SahifaError(
      "USAGE",
      `the article has ${wanted} photo${wanted === 1 ? "" : "s"} and ${count} ${count === 1 ? "was" : "were"} loaded: pass loadArticlePhotos(article)'s result as the photos option`,
    );
  }
  return given ?? { inText: [] };
}

/** An article's layout as it is made: what is known before its pages, and the pages one by one. */
export interface PageStream {
  title: string;
  lang: string;
  author?: string;
  /** The photos the photo blocks draw. */
  photos: PhotoSource[];
  /** What the flow holds after page 1's head: each paragraph, photo in the text and the source line. */
  flow: readonly FlowOutline[];
  /**
   * The pages, each made when asked for; a page's paragraphs are forgotten once it is made and
   * they are placed, so a long article is never held whole. Once: it cannot be restarted.
   */
  pages: Iterable<LayoutPage>;
  /** Characters no font has, and what was left out; final once the pages have all been made. */
  missing(): string[];
  notes(): string[];
}

/**
 * Lays out an article on newspaper pages: the head across all columns on page one, the lead
 * photo under it across the first columns, the body in columns from right to left on a shared
 * baseline grid (photos in the text among the paragraphs), a pull-quote in the middle column,
 * further pages with a running head, and balanced columns on the last page.
 */
export function layoutArticle(article: Article, options: LayoutOptions = {}): Layout {
  const stream = articlePages(article, options);
  const pages = [...stream.pages];
  const notes = stream.notes();
  return {
    pages,
    missing: stream.missing(),
    title: stream.title,
    lang: stream.lang,
    photos: stream.photos,
    ...(notes.length > 0 ? { notes } : {}),
    ...(stream.author ? { author: stream.author } : {}),
  };
}

/** layoutArticle a page at a time (see PageStream). */
export function articlePages(article: Article, options: LayoutOptions = {}): PageStream {
  const template = templateOf(article, options);
  const digits = options.digits ?? article.digits ?? template.digits;
  const g = geometryOf(template, isRightToLeft(article.lang), digits);
  const photos = photosOf(article, options);
  const sources: PhotoSource[] = [...(photos.lead ? [photos.lead] : []), ...photos.inText];
  const bottomLimit = template.page.height - template.margins.bottom;
  const figures = figureItems(
    article,
    photos.inText,
    photos.lead ? 1 : 0,
    g,
    bottomLimit - template.margins.top,
  );
  // The paragraphs are set as the flow reaches them, after the heads: their missing characters
  // are kept apart and listed where setting them all first would have put them.
  const beforeBody = [...g.missing];
  const bodyMissing = new Set<string>();
  const initial = bodyItems(article, { ...g, missing: bodyMissing }, figures, true);
  const quote = preparePullQuote(article, g);
  const notes: string[] = [];
  function* layOutPages(): Generator<LayoutPage> {
    let items: readonly FlowItem[] = initial;
    let cursor: FlowCursor = { item: 0, line: 0 };
    let released = 0;
    for (let folio = 1; folio === 1 || !isDone(items, cursor); folio++) {
      const b = new PageBuilder(template.page.width, template.page.height);
      const top =
        folio === 1 ? composeHead(b, article, g) : composeRunningHead(b, article, g, folio);
      const set = setColumns(b, g, items, cursor, {
        top,
        bottomLimit,
        photoArea: bottomLimit - top,
        ...(folio === 1 && photos.lead ? { lead: photos.lead } : {}),
        ...(folio === 1 && quote ? { quote } : {}),
      });
      if (set.note) notes.push(set.note);
      items = set.items;
      cursor = set.next;
      // The paragraphs wholly placed are not looked at again.
      for (; released < cursor.item; released++) {
        const item = items[released];
        if (item && "release" in item) (item as ParagraphItem).release();
      }
      yield b.page;
      if (folio > 100_000) throw new Error("layout does not converge");
    }
  }
  return {
    title: article.headline,
    lang: article.lang,
    ...(article.byline ? { author: article.byline } : {}),
    photos: sources,
    flow: initial.map((item) =>
      item.kind === "figure"
        ? {
            kind: "figure",
            photo: item.figure.photo,
            paragraph: item.paragraph,
            // The caption block holds the caption's lines and the credit's.
            captioned:
              (item.figure.caption?.lines.length ?? 0) + (item.figure.credit?.lines.length ?? 0) >
              0,
          }
        : { kind: item.kind, paragraph: item.paragraph },
    ),
    pages: layOutPages(),
    missing: () => [...new Set([...beforeBody, ...bodyMissing, ...g.missing])],
    notes: () => [...notes],
  };
}

/** What one page's columns are set in: between `top` and `bottomLimit`, under a lead photo. */
export interface ColumnFrame {
  top: number;
  bottomLimit: number;
  /** The height a photo's greatest height is a share of (the page's body). */
  photoArea: number;
  /** The lead photo, across the first columns at the top, and its index in the layout's photos. */
  lead?: PhotoSource;
  leadIndex?: number;
  /** The pull-quote, in the middle column when there is room. */
  quote?: PullQuote;
  /** When the rest does not fit: the last column keeps its last slot free (for a jump line). */
  keepLastSlot?: boolean;
  /** Grid lines to make the lead photo's frame taller than its aspect says (a story filling its rectangle). */
  leadLines?: number;
}

export interface SetColumns {
  /** The flow items as set (some paragraphs reset to balance the columns). */
  items: readonly FlowItem[];
  /** Where the flow stands after the frame. */
  next: FlowCursor;
  /** Whether the rest fitted, its columns balanced. */
  balanced: boolean;
  /** The lowest column bottom, in slots under `top`. */
  depth: number;
  note?: string;
}

/**
 * Sets the flow from `cursor` in one frame's columns: the lead photo across the first of them,
 * the pull-quote in the middle one; when the rest fits, its columns balanced.
 */
export function setColumns(
  b: PageBuilder,
  g: Geometry,
  items: readonly FlowItem[],
  cursor: FlowCursor,
  frame: ColumnFrame,
): SetColumns {
  const { template } = g;
  const { top, bottomLimit, lead: leadSource, quote } = frame;
  const count = template.columns.count;
  const maxSlots = Math.floor((bottomLimit - top) / template.baseline + 1e-9);
  // The lead photo's frame, and the columns under it, start lower.
  const leadIndex = frame.leadIndex ?? 0;
  const leadLines = frame.leadLines ?? 0;
  const lead = leadSource
    ? leadFigure(leadSource, leadIndex, g, frame.photoArea, leadLines, leadLines > 0)
    : undefined;
  const settingFor = (figure: Figure | undefined): PageSetting => {
    const tops = Array.from({ length: count }, (_, c) =>
      figure && lead && c < lead.span ? Math.min(maxSlots, figure.slots) : 0,
    );
    const quoteTop = quote ? Math.max(...quote.columns.map((c) => tops[c - 1] ?? 0)) : 0;
    const obstruction =
      quote && quote.slots + 4 <= maxSlots - quoteTop
        ? { columns: quote.columns, slots: quote.slots }
        : undefined;
    return { tops, figure, obstruction };
  };
  const reframe =
    lead && leadSource
      ? (lines: number) =>
          settingFor(
            leadFigure(leadSource, leadIndex, g, frame.photoArea, leadLines + lines, leadLines > 0)
              .figure,
          )
      : undefined;
  const even = evenLastPage(items, cursor, count, maxSlots, settingFor(lead?.figure), reframe);
  const { tops, figure, obstruction } = even.setting;
  const set = even.balanced?.items ?? items;
  const caps = Array.from({ length: count }, (_, c) =>
    frame.keepLastSlot && c === count - 1 ? maxSlots - 1 : maxSlots,
  );
  const flow =
    even.balanced?.flow ??
    flowKeepingFigures(set, cursor, caps, { obstruction, force: true, tops });
  if (lead && figure) {
    placeFigure(b, g, figure, {
      right: lead.right,
      top,
      atTop: true,
      column: lead.span === 1 ? 1 : null,
      paragraph: null,
    });
  }
  // The quote stands in the columns the flow kept for it (it may have moved).
  const placedQuote = obstruction && quote ? { ...quote, columns: obstruction.columns } : undefined;
  placeBody(b, g, set, flow, top, placedQuote, tops);
  let depth = 0;
  for (const p of flow.placements) depth = Math.max(depth, p.slot + 1);
  return {
    items: set,
    next: flow.next,
    balanced: even.balanced !== null,
    depth,
    ...(even.note ? { note: even.note } : {}),
  };
}

/** The lead photo set across its columns: reading starts at column 1 (rightmost in Arabic). */
function leadFigure(
  source: PhotoSource,
  photo: number,
  g: Geometry,
  photoArea: number,
  lines: number,
  keepResolution = false,
): { figure: Figure; span: number; right: number } {
  const { template } = g;
  const count = template.columns.count;
  const span = Math.min(count, source.span ?? template.photos.span ?? defaultSpan(count));
  const measure = span * g.columnWidth + (span - 1) * template.columns.gutter;
  const figure = prepareFigure(source, photo, measure, g, {
    maxHeight: photoArea * template.photos.maxHeight,
    inText: false,
    lines,
    ...(keepResolution ? { keepResolution } : {}),
  });
  return { figure, span, right: g.rtl ? g.columnRight(1) : g.columnRight(span) };
}

/** A lead photo spans two-thirds of the columns: 2 of 3, 3 of 4 or 5, 4 of 6. */
function defaultSpan(columns: number): number {
  return Math.max(1, Math.round((columns * 2) / 3));
}
