import type { Article } from "../article/model.js";
import { SahifaError } from "../errors.js";
import type { ArticlePhotos, PhotoSource } from "../image/types.js";
import { bodyItems, figureItems, placeBody, preparePullQuote } from "./body.js";
import { type Figure, placeFigure, prepareFigure } from "./figure.js";
import {
  balanceFlow,
  type FlowCursor,
  type FlowItem,
  flowKeepingFigures,
  isDone,
  type Obstruction,
  type PageFlow,
  spread,
} from "./flow.js";
import { composeHead, composeRunningHead } from "./head.js";
import { type Geometry, geometryOf, isRightToLeft, PageBuilder } from "./page.js";
import { loadTemplate, type Template } from "./template.js";
import type { Layout, LayoutPage } from "./types.js";

export { isRightToLeft } from "./page.js";

export interface LayoutOptions {
  /** A template name (from templates/), a path, or a loaded template; default a4-3col. */
  template?: string | Template;
  /** The article's photos as loadArticlePhotos() read them: needed when the article has any. */
  photos?: ArticlePhotos;
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

/**
 * Lays out an article on newspaper pages: the head across all columns on page one, the lead
 * photo under it across the first columns, the body in columns from right to left on a shared
 * baseline grid (photos in the text among the paragraphs), a pull-quote in the middle column,
 * further pages with a running head, and balanced columns on the last page.
 */
export function layoutArticle(article: Article, options: LayoutOptions = {}): Layout {
  const template =
    typeof options.template === "object"
      ? options.template
      : loadTemplate(options.template ?? article.template ?? "a4-3col");
  const g = geometryOf(template, isRightToLeft(article.lang));
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
  let items: readonly FlowItem[] = bodyItems(article, g, figures);
  const quote = preparePullQuote(article, g);
  const pages: LayoutPage[] = [];
  const notes: string[] = [];
  const count = template.columns.count;
  let cursor: FlowCursor = { item: 0, line: 0 };
  while (!isDone(items, cursor) || pages.length === 0) {
    const b = new PageBuilder(template.page.width, template.page.height);
    const folio = pages.length + 1;
    const top = folio === 1 ? composeHead(b, article, g) : composeRunningHead(b, article, g, folio);
    const maxSlots = Math.floor((bottomLimit - top) / template.baseline);
    // The lead photo's frame, and the columns under it, start lower.
    const lead =
      folio === 1 && photos.lead ? leadFigure(photos.lead, g, top, bottomLimit, 0) : undefined;
    const topsFor = (figure: Figure | undefined) =>
      Array.from({ length: count }, (_, c) =>
        figure && lead && c < lead.span ? Math.min(maxSlots, figure.slots) : 0,
      );
    let figure = lead?.figure;
    let tops = topsFor(figure);
    const quoteTop = quote ? Math.max(...quote.columns.map((c) => tops[c - 1] ?? 0)) : 0;
    let obstruction: Obstruction | undefined =
      folio === 1 && quote && quote.slots + 4 <= maxSlots - quoteTop
        ? { columns: quote.columns, slots: quote.slots }
        : undefined;
    const caps = Array.from({ length: count }, () => maxSlots);
    let balanced = balanceFlow(items, cursor, count, maxSlots, obstruction, tops);
    if (lead && photos.lead?.fit !== "contain" && balanced && spread(balanced.flow) > 1) {
      // A cover photo's frame may gain or lose a line (its crop absorbs it): the columns under
      // it then hold a line more or less, which can even the page where paragraphs cannot.
      for (const lines of FRAME_ADJUSTMENTS) {
        const other = leadFigure(photos.lead as PhotoSource, g, top, bottomLimit, lines).figure;
        const otherTops = topsFor(other);
        const trial = balanceFlow(items, cursor, count, maxSlots, obstruction, otherTops);
        if (trial && spread(trial.flow) <= 1) {
          figure = other;
          tops = otherTops;
          balanced = trial;
          break;
        }
      }
    }
    const quoteAlone =
      obstruction && balanced && quoteColumnsWithoutText(balanced.flow, obstruction);
    if (obstruction && balanced && (spread(balanced.flow) > 1 || quoteAlone)) {
      // A short article (more so under a lead photo) can leave the pull-quote a column of its
      // own, or no way to even the columns with it: a pull-quote belongs in running text, so
      // the page is set without it when that balances.
      const without = balanceFlow(items, cursor, count, maxSlots, undefined, tops);
      if (without && spread(without.flow) <= 1) {
        balanced = without;
        obstruction = undefined;
        notes.push(
          quoteAlone
            ? "pull-quote left out: the article is too short to set text around it in its column"
            : "pull-quote left out: with it, page 1's columns could not be balanced",
        );
      }
    }
    if (balanced) items = balanced.items;
    const flow =
      balanced?.flow ?? flowKeepingFigures(items, cursor, caps, { obstruction, force: true, tops });
    if (lead && figure) {
      placeFigure(b, g, figure, {
        right: lead.right,
        top,
        atTop: true,
        column: lead.span === 1 ? 1 : null,
        paragraph: null,
      });
    }
    placeBody(b, g, items, flow, top, obstruction ? quote : undefined, tops);
    pages.push(b.page);
    cursor = flow.next;
    if (pages.length > 100_000) throw new Error("layout does not converge");
  }
  return {
    pages,
    missing: [...g.missing],
    title: article.headline,
    lang: article.lang,
    photos: sources,
    ...(notes.length > 0 ? { notes } : {}),
    ...(article.byline ? { author: article.byline } : {}),
  };
}

/** Lines a lead photo's frame may gain or lose to balance a one-page article. */
const FRAME_ADJUSTMENTS = [-1, 1, -2, 2];

/** The lead photo set across its columns: reading starts at column 1 (rightmost in Arabic). */
function leadFigure(
  source: PhotoSource,
  g: Geometry,
  top: number,
  bottomLimit: number,
  lines: number,
): { figure: Figure; span: number; right: number } {
  const { template } = g;
  const count = template.columns.count;
  const span = Math.min(count, source.span ?? template.photos.span ?? defaultSpan(count));
  const measure = span * g.columnWidth + (span - 1) * template.columns.gutter;
  const figure = prepareFigure(source, 0, measure, g, {
    maxHeight: (bottomLimit - top) * template.photos.maxHeight,
    inText: false,
    lines,
  });
  return { figure, span, right: g.rtl ? g.columnRight(1) : g.columnRight(span) };
}

/** Whether a column the pull-quote stands in has no line of text. */
function quoteColumnsWithoutText(flow: PageFlow, obstruction: Obstruction): boolean {
  const used = new Set(flow.placements.map((p) => p.column));
  return obstruction.columns.some((c) => !used.has(c));
}

/** A lead photo spans two-thirds of the columns: 2 of 3, 3 of 4 or 5, 4 of 6. */
function defaultSpan(columns: number): number {
  return Math.max(1, Math.round((columns * 2) / 3));
}
