/** The body of a page: paragraphs as flow items, the pull-quote, and their placement in columns. */
import type { Article } from "../article/model.js";
import type { PhotoSource } from "../image/types.js";
import { type Figure, placeFigure, prepareFigure } from "./figure.js";
import type { FigureItem, FlowItem, PageFlow, TextItem } from "./flow.js";
import { BASELINE_IN_LINE, type Geometry, opts, type PageBuilder, run } from "./page.js";
import { choosePullQuote } from "./pullQuote.js";
import { placeLine, type SetText, type StyledRun, setRuns } from "./setText.js";
import type { LayoutLine } from "./types.js";

/** Pull-quote padding inside its frame, pt, and the frame's rules. */
const QUOTE_PADDING = 7;
const QUOTE_FRAME = 0.8;
const QUOTE_BAR = 2.5;

/**
 * Where photos in the text go when the article does not say: spread evenly, each after the
 * paragraph that ends the next equal share of the body (never after an intertitle).
 */
export function spreadPhotos(article: Article, count: number): number[] {
  const subheads = new Set(article.subheads ?? []);
  const n = article.body.length;
  return Array.from({ length: count }, (_, i) => {
    let after = Math.max(0, Math.round(((i + 1) * n) / (count + 1)) - 1);
    while (after > 0 && subheads.has(after)) after--;
    return after;
  });
}

/**
 * Photos in the text as flow items, each one column wide after its paragraph. `first` is the
 * index of the first of them among the layout's photos.
 */
export function figureItems(
  article: Article,
  photos: readonly PhotoSource[],
  first: number,
  g: Geometry,
  columnHeight: number,
): Map<number, FigureItem[]> {
  const spread = spreadPhotos(article, photos.length);
  const byParagraph = new Map<number, FigureItem[]>();
  photos.forEach((source, i) => {
    const after = source.after ?? spread[i] ?? 0;
    const limits = { maxHeight: columnHeight * g.template.photos.maxHeight, inText: true };
    const figure: Figure = prepareFigure(source, first + i, g.columnWidth, g, limits);
    const item: FigureItem = {
      kind: "figure",
      figure,
      slots: figure.slots,
      paragraph: after,
      keepWithNext: false,
    };
    // For balancing: a cover frame a line taller or shorter, a contained picture a line smaller.
    item.reframe = memoized((lines) =>
      prepareFigure(source, first + i, g.columnWidth, g, { ...limits, lines }),
    );
    byParagraph.set(after, [...(byParagraph.get(after) ?? []), item]);
  });
  return byParagraph;
}

/** The widest word space of a paragraph's lines (the last excepted), over its natural width. */
function widestSpace(set: SetText): number {
  let widest = 1;
  for (const line of set.lines) {
    if (line.last) continue;
    for (const piece of line.pieces) {
      if (piece.kind === "glue" && piece.naturalWidth) {
        widest = Math.max(widest, piece.width / piece.naturalWidth);
      }
    }
  }
  return widest;
}

/**
 * A paragraph's other settings (or a photo's other frames), each made once: balancing a page
 * under a lead photo asks for the same ones again for every frame height and with and without
 * the pull-quote.
 */
function memoized<T>(set: (lines: number) => T): (lines: number) => T {
  const made = new Map<number, T>();
  return (lines) => {
    let found = made.get(lines);
    if (!found) {
      found = set(lines);
      made.set(lines, found);
    }
    return found;
  };
}

/** A paragraph of the body whose setting is made when the flow first asks for it. */
export interface ParagraphItem extends TextItem {
  /** Forgets the setting once the paragraph is placed (it is made again, the same, if asked). */
  release(): void;
}

/**
 * The body's paragraphs (intertitles, the source line) as flow items, the photos in the text
 * among them. A paragraph is set when the flow first asks for its lines, so a long article's
 * paragraphs need never all be set at once; settings are made in paragraph order whoever asks
 * first, so the characters no font has are noted in the same order whatever the flow reads.
 * Unless `lazy`, every paragraph is set before this returns (a page plan's make-up weighs them
 * all).
 */
export function bodyItems(
  article: Article,
  g: Geometry,
  figures: ReadonlyMap<number, FigureItem[]> = new Map(),
  lazy = false,
): FlowItem[] {
  const { template } = g;
  const s = template.styles;
  const color = template.colors.text;
  const subheads = new Set(article.subheads ?? []);
  const paragraphs: ParagraphItem[] = [];
  /** How many paragraphs, from the first, have been set at least once. */
  let madeOnce = 0;
  const paragraph = (
    fields: Omit<TextItem, "set" | "reset">,
    make: () => SetText,
    resetWith?: (lines: number, set: SetText) => SetText,
  ): ParagraphItem => {
    const index = paragraphs.length;
    let made: SetText | undefined;
    const item: ParagraphItem = {
      ...fields,
      get set(): SetText {
        if (made) return made;
        while (madeOnce < index) void (paragraphs[madeOnce] as ParagraphItem).set;
        made = make();
        madeOnce = Math.max(madeOnce, index + 1);
        return made;
      },
      release() {
        made = undefined;
      },
    };
    if (resetWith) item.reset = memoized((lines) => resetWith(lines, item.set));
    paragraphs.push(item);
    return item;
  };
  const items = article.body.map((text, i) => {
    if (subheads.has(i)) {
      // An intertitle: bold, flush, never the last thing in a column.
      return paragraph(
        { kind: "subhead", align: "start", firstIndent: 0, paragraph: i, keepWithNext: true },
        () => setRuns(run(text, s.lead), g.columnWidth, opts(g, color, "start", true)),
      );
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
    return paragraph(
      { kind: "body", align: "justify", firstIndent, paragraph: i, keepWithNext: false },
      () => setRuns(runs, g.columnWidth, setting),
      (lines, set) => {
        // A paragraph set a line longer or shorter to balance columns must stay within the
        // template's spacing, or balance would be bought with loose lines (3.6× on a3-5col once).
        const limit = Math.max(g.template.justify.maxSpaceRatio, widestSpace(set));
        const other = setRuns(runs, g.columnWidth, { ...setting, lines });
        return widestSpace(other) <= limit + 1e-6 ? other : set;
      },
    );
  });
  const flow: FlowItem[] = items.flatMap((item, i) => [item, ...(figures.get(i) ?? [])]);
  if (article.source) {
    const source = article.source;
    flow.push(
      paragraph(
        {
          kind: "source",
          align: "start",
          firstIndent: 0,
          paragraph: article.body.length,
          keepWithNext: false,
        },
        // The agency's time-code is a code, not a number of the text: its digits stay.
        () =>
          setRuns(run(source, s.source), g.columnWidth, { ...opts(g, color), digits: "source" }),
      ),
    );
  }
  if (!lazy) for (const item of paragraphs) void item.set;
  return flow;
}

export interface PullQuote {
  set: SetText;
  columns: number[];
  slots: number;
  measure: number;
}

export function preparePullQuote(article: Article, g: Geometry): PullQuote | undefined {
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
export function placeBody(
  b: PageBuilder,
  g: Geometry,
  items: readonly FlowItem[],
  flow: PageFlow,
  top: number,
  quote: PullQuote | undefined,
  tops: readonly number[] = [],
): void {
  const { template } = g;
  const L = template.baseline;
  // Blocks follow runs of one kind down a column: a body block per column, split around an
  // intertitle, a photo or the source line, and above and below the pull-quote's box.
  const runOf: number[] = [];
  const runs: { kind: TextItem["kind"]; column: number; first: number; last: number }[] = [];
  const belowBox = (column: number, slot: number) =>
    quote?.columns.includes(column) === true &&
    flow.obstructionStart !== null &&
    slot >= flow.obstructionStart;
  const firstSlot = new Map<number, number>();
  for (const p of flow.placements) {
    firstSlot.set(p.column, Math.min(firstSlot.get(p.column) ?? p.slot, p.slot));
    const item = items[p.item] as FlowItem;
    if (item.kind === "figure") {
      runOf.push(-1);
      continue;
    }
    const current = runs.at(-1);
    const continues =
      current &&
      current.kind === item.kind &&
      current.column === p.column &&
      current.last === p.slot - 1 &&
      belowBox(p.column, current.last) === belowBox(p.column, p.slot);
    if (current && continues) current.last = p.slot;
    else runs.push({ kind: item.kind, column: p.column, first: p.slot, last: p.slot });
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
    bottom = Math.max(bottom, top + (p.slot + 1) * L);
    if (item.kind === "figure") {
      // Drawn where the flow reaches it, so its caption is read there.
      if (p.line !== 0) continue;
      placeFigure(b, g, item.figure, {
        right: g.columnRight(p.column),
        top: top + p.slot * L,
        atTop: p.slot === firstSlot.get(p.column) && !belowBox(p.column, p.slot),
        column: p.column,
        paragraph: item.paragraph,
      });
      continue;
    }
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
            firstIndent: 0,
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
      // A rule between two columns under the lead photo starts below its caption.
      const under = Math.min(tops[c - 1] ?? 0, tops[c] ?? 0);
      const from = under > 0 ? top + under * L - L * 0.3 : top;
      // A rule between two columns a pull-quote spans stops short of the box.
      const spans: [number, number][] =
        crossesBox && box
          ? [
              [from, box.top - L * 0.3],
              [box.bottom + L * 0.3, bottom],
            ]
          : [[from, bottom]];
      for (const [from, to] of spans) {
        if (to > from) b.rule(x, from, 0, to - from, template.columns.rule, template.colors.rule);
      }
    }
  }
}
