import { formatDateStrip } from "../article/dateline.js";
import type { Article } from "../article/model.js";
import type { Alignment } from "../text/justify.js";
import {
  balanceFlow,
  type FlowCursor,
  type FlowItem,
  flowPage,
  type Obstruction,
  type PageFlow,
} from "./flow.js";
import { choosePullQuote } from "./pullQuote.js";
import { placeLine, type SetOptions, type SetText, type StyledRun, setRuns } from "./setText.js";
import { type ElementStyle, loadTemplate, type Template } from "./template.js";
import type { Block, Layout, LayoutLine, LayoutPage } from "./types.js";

export interface LayoutOptions {
  /** A template name (from templates/), a path, or a loaded template; default a4-3col. */
  template?: string | Template;
}

/** Where a line's baseline sits in its grid slot or line box, as a share of the line height. */
const BASELINE_IN_LINE = 0.74;
/** Space between the head's elements, in body grid lines. */
const HEAD_GAP = 0.5;
/** Pull-quote padding inside its frame, pt, and the frame's rules. */
const QUOTE_PADDING = 7;
const QUOTE_FRAME = 0.8;
const QUOTE_BAR = 2.5;
const HAIRLINE = 0.5;
const HEAVY_RULE = 1.2;

interface Geometry {
  template: Template;
  /** The article's writing direction: paragraphs' base direction and the columns' order. */
  rtl: boolean;
  /** Characters of the article that no font of the template has. */
  missing: Set<string>;
  left: number;
  right: number;
  width: number;
  columnWidth: number;
  /** Right edge of column c (1 = rightmost). */
  columnRight(c: number): number;
}

/** Languages written right to left: their articles' columns run from the right, too. */
const RTL_LANGUAGES = new Set(["ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "ckb", "dv", "syr"]);

export function isRightToLeft(lang: string): boolean {
  return RTL_LANGUAGES.has(lang.toLowerCase().split(/[-_]/)[0] ?? "");
}

function geometryOf(template: Template, rtl: boolean): Geometry {
  const left = template.margins.left;
  const right = template.page.width - template.margins.right;
  const { count, gutter } = template.columns;
  const columnWidth = (right - left - (count - 1) * gutter) / count;
  return {
    template,
    rtl,
    missing: new Set(),
    left,
    right,
    width: right - left,
    columnWidth,
    columnRight: (c) =>
      rtl
        ? right - (c - 1) * (columnWidth + gutter)
        : left + (c - 1) * (columnWidth + gutter) + columnWidth,
  };
}

/** Builds one page's blocks and lines; the head helpers append to it. */
class PageBuilder {
  readonly page: LayoutPage;
  constructor(width: number, height: number) {
    this.page = { width, height, blocks: [], lines: [] };
  }

  block(block: Block): number {
    this.page.blocks.push(block);
    return this.page.blocks.length - 1;
  }

  /** Sets a paragraph across `measure` from `top` and returns the y under its last line. */
  text(
    kind: Block["kind"],
    set: SetText,
    style: ElementStyle,
    at: { right: number; measure: number; top: number; align: Alignment; column?: number | null },
  ): number {
    const lineHeight = style.size * style.lineHeight;
    const height = set.lines.length * lineHeight;
    const index = this.block({
      kind,
      x: at.right - at.measure,
      y: at.top,
      width: at.measure,
      height,
      column: at.column ?? null,
    });
    set.lines.forEach((line, i) => {
      this.page.lines.push(
        placeLine(
          set,
          line,
          i,
          {
            right: at.right,
            measure: at.measure,
            align: at.align,
            baseline: at.top + i * lineHeight + lineHeight * BASELINE_IN_LINE,
          },
          { block: index, column: at.column ?? null, paragraph: null },
        ),
      );
    });
    return at.top + height;
  }

  rule(x: number, y: number, width: number, height: number, stroke: number, color: string): void {
    this.block({ kind: "rule", x, y, width, height, column: null, stroke, color });
  }
}

function opts(
  g: Geometry,
  color: string,
  align: Alignment = "start",
  balanced = false,
): SetOptions {
  return {
    color,
    fallbacks: g.template.fallbacks,
    missing: g.missing,
    direction: g.rtl ? "rtl" : "ltr",
    align,
    justification: g.template.justify,
    ...(balanced ? { balanced } : {}),
  };
}

function run(text: string, style: ElementStyle): StyledRun[] {
  return [{ text, style }];
}

/** Steps the headline size down until it takes at most the template's number of lines. */
function fitHeadline(article: Article, g: Geometry): { set: SetText; style: ElementStyle } {
  const { template } = g;
  const base = template.styles.headline;
  const color = base.color ?? template.colors.text;
  let size = base.size;
  for (;;) {
    const style = { ...base, size };
    const set = setRuns(run(article.headline, style), g.width, opts(g, color, "start", true));
    if (set.lines.length <= template.headline.maxLines || size <= template.headline.minSize)
      return { set, style };
    size = Math.max(template.headline.minSize, size - Math.max(1, base.size * 0.05));
  }
}

/** The top strip: dateline place and dates at the start side, the folio at the other. */
function topStrip(
  b: PageBuilder,
  g: Geometry,
  text: string,
  style: ElementStyle,
  folio: number,
): number {
  const { template } = g;
  const top = template.margins.top;
  const set = setRuns(run(text, style), g.width * 0.8, opts(g, template.colors.text));
  const bottom = b.text("dateline", set, style, {
    right: g.right,
    measure: g.width * 0.8,
    top,
    align: "start",
  });
  const folioStyle = template.styles.folio;
  const folioSet = setRuns(
    run(String(folio), folioStyle),
    g.width * 0.15,
    opts(g, template.colors.text, "end"),
  );
  b.text("folio", folioSet, folioStyle, {
    right: g.left + g.width * 0.15,
    measure: g.width * 0.15,
    top,
    align: "end",
  });
  b.rule(g.left, bottom + 2, g.width, 0, HAIRLINE, template.colors.rule);
  return bottom + 2 + template.baseline * HEAD_GAP;
}

/** Page one's head: strip, kicker, headline, subheadline, byline, then a rule. */
function composeHead(b: PageBuilder, article: Article, g: Geometry): number {
  const { template } = g;
  const s = template.styles;
  const strip = article.date
    ? formatDateStrip(article.dateline, article.date)
    : (article.dateline ?? "");
  let y = topStrip(b, g, strip, s.dateStrip, 1);
  const full = { right: g.right, measure: g.width, align: "start" as const };
  if (article.kicker) {
    y = b.text(
      "kicker",
      setRuns(run(article.kicker, s.kicker), g.width, opts(g, template.colors.accent)),
      s.kicker,
      { ...full, top: y },
    );
  }
  const headline = fitHeadline(article, g);
  y = b.text("headline", headline.set, headline.style, { ...full, top: y });
  if (article.subheadline) {
    y += template.baseline * HEAD_GAP * 0.5;
    y = b.text(
      "subheadline",
      setRuns(
        run(article.subheadline, s.subheadline),
        g.width * 0.85,
        opts(g, s.subheadline.color ?? template.colors.text, "start", true),
      ),
      s.subheadline,
      { ...full, measure: g.width * 0.85, top: y },
    );
  }
  if (article.byline) {
    y = b.text(
      "byline",
      setRuns(
        run(article.byline, s.byline),
        g.width,
        opts(g, s.byline.color ?? template.colors.accent),
      ),
      s.byline,
      { ...full, top: y },
    );
  }
  y += template.baseline * HEAD_GAP * 0.5;
  b.rule(g.left, y, g.width, 0, HEAVY_RULE, template.colors.text);
  return y + template.baseline * HEAD_GAP;
}

/** Later pages: a running head with the headline and the folio, under a rule. */
function composeRunningHead(b: PageBuilder, article: Article, g: Geometry, folio: number): number {
  return topStrip(b, g, `${article.headline} — تابع`, g.template.styles.runningHead, folio);
}

function bodyItems(article: Article, g: Geometry): FlowItem[] {
  const { template } = g;
  const s = template.styles;
  const color = template.colors.text;
  const subheads = new Set(article.subheads ?? []);
  const items: FlowItem[] = article.body.map((text, i) => {
    if (subheads.has(i)) {
      // An intertitle: bold, flush, never the last thing in a column.
      return {
        set: setRuns(run(text, s.lead), g.columnWidth, opts(g, color, "start", true)),
        kind: "subhead",
        align: "start",
        firstIndent: 0,
        paragraph: i,
        keepWithNext: true,
      };
    }
    const runs: StyledRun[] =
      i === 0 && article.dateline
        ? [
            { text: `${article.dateline} – `, style: s.lead },
            { text, style: s.body },
          ]
        : run(text, s.body);
    // Paragraphs are indented, but not the first nor one after an intertitle.
    const firstIndent = i === 0 || subheads.has(i - 1) ? 0 : s.body.size;
    const setting = { ...opts(g, color, "justify"), firstIndent };
    return {
      set: setRuns(runs, g.columnWidth, setting),
      reset: (lines: number) => setRuns(runs, g.columnWidth, { ...setting, lines }),
      kind: "body",
      align: "justify",
      firstIndent,
      paragraph: i,
      keepWithNext: false,
    };
  });
  if (article.source) {
    items.push({
      set: setRuns(run(article.source, s.source), g.columnWidth, opts(g, color)),
      kind: "source",
      align: "start",
      firstIndent: 0,
      paragraph: article.body.length,
      keepWithNext: false,
    });
  }
  return items;
}

interface PullQuote {
  set: SetText;
  columns: number[];
  slots: number;
  measure: number;
}

function preparePullQuote(article: Article, g: Geometry): PullQuote | undefined {
  const quote = choosePullQuote(article);
  if (!quote) return undefined;
  const { template } = g;
  const count = Math.min(template.pullQuote.columns, template.columns.count);
  const first = Math.floor((template.columns.count - count) / 2) + 1;
  const columns = Array.from({ length: count }, (_, i) => first + i);
  const measure = count * g.columnWidth + (count - 1) * template.columns.gutter;
  const style = template.styles.pullQuote;
  const set = setRuns(
    run(`«${quote}»`, style),
    measure - 2 * QUOTE_PADDING,
    opts(g, style.color ?? template.colors.accent, "center", true),
  );
  const height = set.lines.length * style.size * style.lineHeight + 2 * QUOTE_PADDING + QUOTE_BAR;
  // One more slot than the box needs leaves clear space above and below it.
  const slots = Math.ceil(height / template.baseline) + 1;
  return { set, columns, slots, measure };
}

/** Places the flow's lines of one page, the column rules and the pull-quote. */
function placeBody(
  b: PageBuilder,
  g: Geometry,
  items: readonly FlowItem[],
  flow: PageFlow,
  top: number,
  quote: PullQuote | undefined,
): void {
  const { template } = g;
  const L = template.baseline;
  // Blocks follow runs of one kind down a column: a body block per column, split around an
  // intertitle or the source line, and above and below the pull-quote's box.
  const runOf: number[] = [];
  const runs: { kind: FlowItem["kind"]; column: number; first: number; last: number }[] = [];
  const belowBox = (column: number, slot: number) =>
    quote?.columns.includes(column) === true &&
    flow.obstructionStart !== null &&
    slot >= flow.obstructionStart;
  for (const p of flow.placements) {
    const kind = items[p.item]?.kind ?? "body";
    const current = runs.at(-1);
    const continues =
      current &&
      current.kind === kind &&
      current.column === p.column &&
      belowBox(p.column, current.last) === belowBox(p.column, p.slot);
    if (current && continues) current.last = p.slot;
    else runs.push({ kind, column: p.column, first: p.slot, last: p.slot });
    runOf.push(runs.length - 1);
  }
  const blockOfRun = runs.map((r) =>
    b.block({
      kind: r.kind,
      x: g.columnRight(r.column) - g.columnWidth,
      y: top + r.first * L,
      width: g.columnWidth,
      height: (r.last - r.first + 1) * L,
      column: r.column,
    }),
  );
  let bottom = top;
  for (const [i, p] of flow.placements.entries()) {
    const item = items[p.item] as FlowItem;
    const line = item.set.lines[p.line];
    if (!line) continue;
    const block = blockOfRun[runOf[i] ?? 0] ?? 0;
    const laid: LayoutLine = placeLine(
      item.set,
      line,
      p.line,
      {
        right: g.columnRight(p.column),
        measure: g.columnWidth,
        align: item.align,
        firstIndent: item.firstIndent,
        baseline: top + p.slot * L + L * BASELINE_IN_LINE,
      },
      { block, column: p.column, paragraph: item.paragraph },
    );
    b.page.lines.push(laid);
    bottom = Math.max(bottom, top + (p.slot + 1) * L);
  }
  let box: { top: number; bottom: number } | null = null;
  if (quote && flow.obstructionStart !== null) {
    const x = g.columnRight(Math.max(...quote.columns)) - g.columnWidth;
    const boxTop = top + flow.obstructionStart * L + L * 0.4;
    const boxHeight = quote.slots * L - L * 0.8;
    const style = template.styles.pullQuote;
    const lineHeight = style.size * style.lineHeight;
    const textHeight = quote.set.lines.length * lineHeight;
    const index = b.block({
      kind: "pullquote",
      x,
      y: boxTop,
      width: quote.measure,
      height: boxHeight,
      column: quote.columns.length === 1 ? (quote.columns[0] ?? null) : null,
      stroke: QUOTE_FRAME,
      color: style.color ?? template.colors.accent,
    });
    b.rule(
      x,
      boxTop + QUOTE_BAR / 2,
      quote.measure,
      0,
      QUOTE_BAR,
      style.color ?? template.colors.accent,
    );
    const textTop = boxTop + QUOTE_BAR + (boxHeight - QUOTE_BAR - textHeight) / 2;
    quote.set.lines.forEach((line, i) => {
      b.page.lines.push(
        placeLine(
          quote.set,
          line,
          i,
          {
            right: x + quote.measure - QUOTE_PADDING,
            measure: quote.measure - 2 * QUOTE_PADDING,
            align: "center",
            baseline: textTop + i * lineHeight + lineHeight * BASELINE_IN_LINE,
          },
          {
            block: index,
            column: quote.columns.length === 1 ? (quote.columns[0] ?? null) : null,
            paragraph: null,
          },
        ),
      );
    });
    bottom = Math.max(bottom, boxTop + boxHeight);
    box = { top: boxTop, bottom: boxTop + boxHeight };
  }
  if (template.columns.rule > 0) {
    const used = new Set(flow.placements.map((p) => p.column));
    for (let c = 1; c < template.columns.count; c++) {
      if (!used.has(c + 1)) continue;
      const x = g.columnRight(c) - g.columnWidth - template.columns.gutter / 2;
      const crossesBox = box && quote?.columns.includes(c) && quote.columns.includes(c + 1);
      // A rule between two columns a pull-quote spans stops short of the box.
      const spans: [number, number][] =
        crossesBox && box
          ? [
              [top, box.top - L * 0.3],
              [box.bottom + L * 0.3, bottom],
            ]
          : [[top, bottom]];
      for (const [from, to] of spans) {
        if (to > from) b.rule(x, from, 0, to - from, template.columns.rule, template.colors.rule);
      }
    }
  }
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
