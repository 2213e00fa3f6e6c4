import type { Article } from "../article/model.js";
import { bodyItems, placeBody, preparePullQuote } from "./body.js";
import { balanceFlow, type FlowCursor, type FlowItem, flowPage, type Obstruction } from "./flow.js";
import { composeHead, composeRunningHead } from "./head.js";
import { geometryOf, isRightToLeft, PageBuilder } from "./page.js";
import { loadTemplate, type Template } from "./template.js";
import type { Layout, LayoutPage } from "./types.js";

export { isRightToLeft } from "./page.js";

export interface LayoutOptions {
  /** A template name (from templates/), a path, or a loaded template; default a4-3col. */
  template?: string | Template;
}

/**
 * Lays out an article on newspaper pages: the head across all columns on page one, the body
 * in columns from right to left on a shared baseline grid, a pull-quote in the middle column,
 * further pages with a running head, and balanced columns on the last page.
 */
export function layoutArticle(article: Article, options: LayoutOptions = {}): Layout {
  const template =
    typeof options.template === "object"
      ? options.template
      : loadTemplate(options.template ?? article.template ?? "a4-3col");
  const g = geometryOf(template, isRightToLeft(article.lang));
  let items: readonly FlowItem[] = bodyItems(article, g);
  const quote = preparePullQuote(article, g);
  const pages: LayoutPage[] = [];
  const bottomLimit = template.page.height - template.margins.bottom;
  let cursor: FlowCursor = { item: 0, line: 0 };
  while (cursor.item < items.length || pages.length === 0) {
    const b = new PageBuilder(template.page.width, template.page.height);
    const folio = pages.length + 1;
    const head =
      folio === 1 ? composeHead(b, article, g) : composeRunningHead(b, article, g, folio);
    const top = head;
    const maxSlots = Math.floor((bottomLimit - top) / template.baseline);
    const obstruction: Obstruction | undefined =
      folio === 1 && quote && quote.slots + 4 <= maxSlots
        ? { columns: quote.columns, slots: quote.slots }
        : undefined;
    const caps = Array.from({ length: template.columns.count }, () => maxSlots);
    const balanced = balanceFlow(items, cursor, template.columns.count, maxSlots, obstruction);
    if (balanced) items = balanced.items;
    const flow = balanced?.flow ?? flowPage(items, cursor, caps, obstruction, true);
    placeBody(b, g, items, flow, top, obstruction ? quote : undefined);
    pages.push(b.page);
    cursor = flow.next;
    if (pages.length > 100_000) throw new Error("layout does not converge");
  }
  return {
    pages,
    missing: [...g.missing],
    title: article.headline,
    lang: article.lang,
    ...(article.byline ? { author: article.byline } : {}),
  };
}
