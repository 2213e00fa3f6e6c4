/**
 * One story in its rectangle of a page: its head across its columns, its lead photo and
 * pull-quote, its text in its columns (balanced when it all fits), and a jump line when it
 * does not; or, on a later page, its continuation under a jump head.
 */
import type { Article } from "../article/model.js";
import type { ArticlePhotos } from "../image/types.js";
import { bodyItems, figureItems, preparePullQuote } from "../layout/body.js";
import { setColumns } from "../layout/compose.js";
import type { FlowCursor, FlowItem } from "../layout/flow.js";
import { composeStoryHead, type HeadlineSize } from "../layout/head.js";
import { type Geometry, geometryOf, HAIRLINE, opts, PageBuilder, run } from "../layout/page.js";
import { setRuns } from "../layout/setText.js";
import type { ElementStyle } from "../layout/template.js";
import { isPhotoBlock } from "../layout/types.js";
import type { StoryRole } from "./model.js";

/** A story of the plan, read and set for the page's column width once. */
export interface StoryMatter {
  /** Its index in the plan. */
  index: number;
  /** The article file as the plan names it. */
  file: string;
  article: Article;
  role: StoryRole;
  /** Among the plan's stories (briefs not counted): 0 for the lead. */
  rank: number;
  photos: ArticlePhotos;
  /** The index of its first photo among the layout's photos. */
  photoOffset: number;
  /** Its body as flow items, set for one column. */
  items: FlowItem[];
}

/** The page a story is set on: its geometry and baseline grid. */
export interface PageFrame {
  g: Geometry;
  /** The y of the grid's first slot: the top of the page's story area. */
  gridTop: number;
  /** Slots in the story area. */
  slots: number;
  /** The page's number as printed (its folio). */
  folio: number;
}

/** A rectangle of whole columns (1 = the reading start) and whole grid slots. */
export interface Rectangle {
  column: number;
  columns: number;
  slot: number;
  lines: number;
}

/** How a story's part fills its rectangle: its lead photo's span and extra frame lines. */
export interface Fit {
  photoSpan?: number;
  leadLines?: number;
}

/** Where a story's part starts: its first page, or a continuation from an earlier page. */
export interface PartStart {
  cursor: FlowCursor;
  /** The folio of the page the story comes from (a continuation). */
  from?: number;
}

/** A story still to set: its matter, and where its text stands (and the page it comes from). */
export interface Pending {
  story: StoryMatter;
  start: PartStart;
}

export interface StoryPart {
  /** Where the text stands after this part; done when it all fitted. */
  next: FlowCursor;
  items: FlowItem[];
  done: boolean;
  /** Slots the part takes from its rectangle's top: head and its deepest column. */
  lines: number;
  /** Slots the head takes. */
  headLines: number;
  note?: string;
}

/** The grid lines left under a head before the text: a story's head ends on the grid. */
const HEAD_GAP = 0.35;
/** The smallest a lower story's subheadline gets, relative to the template's. */
const SMALLEST_SUBHEADLINE = 0.7;
/** A brief's headline, relative to the body's bold. */
const BRIEF_HEADLINE = 1.25;
/** A jump head's headline, relative to the smallest of the headline scale. */
const JUMP_HEADLINE = 0.8;
/** Words a shortened headline does not end on. */
const DANGLING = new Set(
  "في على إلى الى من عن مع بعد قبل أمام امام حول عبر بين ضد نحو لدى حتى و أو ثم لكن أن إن الذي التي".split(
    " ",
  ),
);
/** The fewest words of a headline a jump head keeps, and the most. */
const JUMP_HEAD_WORDS = [3, 6] as const;

export function storyItems(
  article: Article,
  photos: ArticlePhotos,
  photoOffset: number,
  g: Geometry,
  pageSlots: number,
): FlowItem[] {
  const first = photoOffset + (photos.lead ? 1 : 0);
  const figures = figureItems(article, photos.inText, first, g, pageSlots * g.template.baseline);
  return bodyItems(article, g, figures);
}

/** The geometry of `columns` of the page's columns from `column` (1 = the reading start). */
export function rectangleGeometry(page: Geometry, column: number, columns: number): Geometry {
  const t = page.template;
  const last = column + columns - 1;
  const right = page.columnRight(page.rtl ? column : last);
  const left = page.columnRight(page.rtl ? last : column) - page.columnWidth;
  const template = {
    ...t,
    margins: { ...t.margins, left, right: t.page.width - right },
    columns: { ...t.columns, count: columns },
  };
  return { ...geometryOf(template, page.rtl, page.digits), missing: page.missing };
}

/** A story's headline size by its rank, through the template's headline scale. */
export function headlineSize(g: Geometry, rank: number): HeadlineSize {
  const { template } = g;
  const scale = template.headline.scale;
  const share = scale[Math.min(rank, scale.length - 1)] ?? 1;
  const size = template.styles.headline.size * share;
  const floor = template.styles.lead.size * 1.3;
  // Subheadlines step down more gently: they are read at arm's length, not across the room.
  const subheadline = Math.max(SMALLEST_SUBHEADLINE, Math.sqrt(share));
  return {
    style: { ...template.styles.headline, size },
    minSize: rank === 0 ? template.headline.minSize : Math.max(floor, size * 0.7),
    ...(subheadline < 1 ? { subheadline } : {}),
  };
}

/** The y `y` moved down to the next grid line. */
function onGrid(frame: PageFrame, y: number): number {
  const L = frame.g.template.baseline;
  return frame.gridTop + Math.ceil((y - frame.gridTop) / L - 1e-6) * L;
}

/** A headline shortened for a jump head: to its first clause, within a few words. */
export function jumpHeadline(headline: string): string {
  const words = headline.split(/\s+/u).filter(Boolean);
  const [least, most] = JUMP_HEAD_WORDS;
  const clause =
    headline
      // At ، : ؛ … and a spaced dash; escaped, as the bundled CLI must be ASCII (scripts/bundle.mjs).
      .split(/[\u060C:\u061B\u2026]|\s[-\u2013\u2014]\s/u)[0]
      ?.split(/\s+/u)
      .filter(Boolean) ?? words;
  const kept = clause.length >= least && clause.length <= most ? clause : words.slice(0, most);
  // A cut headline does not end on a preposition or a conjunction («…يعيد الحياة إلى…»).
  while (kept.length > least && DANGLING.has(kept.at(-1) ?? "")) kept.pop();
  return kept.length < words.length ? `${kept.join(" ")}…` : kept.join(" ");
}

/** A one-line text block of the story: a jump line, the line a continuation comes from. */
function note(
  b: PageBuilder,
  g: Geometry,
  text: string,
  style: ElementStyle,
  at: { top: number; align: "start" | "end" },
): number {
  const color = style.color ?? g.template.colors.accent;
  const set = setRuns(run(text, style), g.width, opts(g, color, at.align));
  return b.text("jump", set, style, {
    right: g.right,
    measure: g.width,
    top: at.top,
    align: at.align,
  });
}

/** The jump head of a continuation: «تتمة: …» with the shortened headline, and where it comes from. */
function continuationHead(
  b: PageBuilder,
  g: Geometry,
  story: StoryMatter,
  top: number,
  from: number,
): number {
  const { template } = g;
  const smallest = headlineSize(g, template.headline.scale.length - 1);
  const size = Math.max(template.styles.lead.size * 1.3, smallest.style.size * JUMP_HEADLINE);
  const headline: Article = {
    ...story.article,
    headline: `تتمة: ${jumpHeadline(story.article.headline)}`,
  };
  const { kicker: _k, subheadline: _s, byline: _b, ...bare } = headline;
  const y = composeStoryHead(b, bare, g, top, {
    style: { ...smallest.style, size },
    minSize: template.styles.lead.size * 1.2,
  });
  return note(b, g, `تتمة المنشور ص ${from}`, jumpStyle(g), { top: y, align: "start" });
}

/** Jump lines: the byline's style (bold, in the accent colour). */
function jumpStyle(g: Geometry): ElementStyle {
  return g.template.styles.byline;
}

/** A brief's head: its headline in the body's bold, a little larger. */
function briefHead(b: PageBuilder, g: Geometry, article: Article, top: number): number {
  const lead = g.template.styles.lead;
  const style = { ...lead, size: lead.size * BRIEF_HEADLINE, lineHeight: 1.35 };
  const set = setRuns(
    run(article.headline, style),
    g.width,
    opts(g, g.template.colors.text, "start", true),
  );
  return b.text("headline", set, style, { right: g.right, measure: g.width, top, align: "start" });
}

/**
 * Sets a story's part in its rectangle of the page. When the rest of the text does not fit,
 * the last column's last line says where it goes on («التتمة ص 2»).
 */
export function setStoryPart(
  b: PageBuilder,
  frame: PageFrame,
  story: StoryMatter,
  rect: Rectangle,
  start: PartStart,
  fit: Fit = {},
): StoryPart {
  const page = frame.g;
  const L = page.template.baseline;
  const g = rectangleGeometry(page, rect.column, rect.columns);
  const top = frame.gridTop + rect.slot * L;
  const bottom = top + rect.lines * L;
  const firstBlock = b.page.blocks.length;
  const firstLine = b.page.lines.length;
  const first = start.from === undefined && start.cursor.item === 0 && start.cursor.line === 0;
  let y: number;
  if (!first) y = continuationHead(b, g, story, top, start.from ?? frame.folio);
  else if (story.role === "brief") y = briefHead(b, g, story.article, top);
  else y = composeStoryHead(b, story.article, g, top, headlineSize(page, story.rank));
  const bodyTop = onGrid(frame, y + L * HEAD_GAP);
  const headLines = Math.round((bodyTop - top) / L);
  const quote =
    first && story.role === "story" && rect.columns >= 2
      ? preparePullQuote(story.article, g)
      : undefined;
  const own = first ? story.photos.lead : undefined;
  const lead = own && fit.photoSpan ? { ...own, span: fit.photoSpan } : own;
  const leadLines = fit.leadLines ?? 0;
  const set = setColumns(b, g, story.items, start.cursor, {
    top: bodyTop,
    bottomLimit: bottom,
    photoArea: frame.slots * L,
    ...(lead ? { lead, leadIndex: story.photoOffset } : {}),
    ...(quote ? { quote } : {}),
    keepLastSlot: true,
    ...(lead && leadLines ? { leadLines } : {}),
  });
  if (!set.balanced) {
    // The last column's last slot, kept free by the flow, says where the story goes on.
    const last = rectangleGeometry(page, rect.column + rect.columns - 1, 1);
    note(b, last, `التتمة ص ${frame.folio + 1}`, jumpStyle(g), {
      top: bottom - L,
      align: "end",
    });
  }
  const offset = rect.column - 1;
  for (const block of b.page.blocks.slice(firstBlock)) {
    block.story = story.index;
    if (block.column !== null) block.column += offset;
  }
  for (const line of b.page.lines.slice(firstLine)) {
    line.story = story.index;
    if (line.column !== null) line.column += offset;
  }
  const done = set.balanced;
  return {
    next: set.next,
    items: [...set.items],
    done,
    lines: done ? headLines + set.depth : rect.lines,
    headLines,
    ...(set.note ? { note: set.note } : {}),
  };
}

/** A rule across the top of a rectangle, in the gap above it: stories stacked in a column. */
export function ruleAbove(b: PageBuilder, frame: PageFrame, rect: Rectangle): void {
  const page = frame.g;
  const g = rectangleGeometry(page, rect.column, rect.columns);
  const L = page.template.baseline;
  const y = frame.gridTop + rect.slot * L - L / 2;
  b.rule(g.left, y, g.width, 0, HAIRLINE, page.template.colors.rule);
}

/** Whether a story's part has a lead photo whose frame can grow (a cover crop absorbs it). */
export function canStretch(story: StoryMatter, start: PartStart): boolean {
  const first = start.from === undefined && start.cursor.item === 0 && start.cursor.line === 0;
  return first && story.role === "story" && story.photos.lead?.fit === "cover";
}

/** Most tries at a lead photo's frame to fill a rectangle. */
const STRETCH_TRIES = 6;

/**
 * The lines a story's lead photo frame grows by to fill a rectangle deeper than its text: the
 * most that still sets all of it within the rectangle (0 when none does, or it has no such
 * photo). Leading never stretches; a cover picture's crop does.
 */
export function stretchToFill(
  frame: PageFrame,
  story: StoryMatter,
  rect: Rectangle,
  start: PartStart,
  photoSpan?: number,
): number {
  if (!canStretch(story, start)) return 0;
  const trial = (lines: number) =>
    measurePart(frame, story, rect.columns, rect.lines, start, {
      leadLines: lines,
      ...(photoSpan ? { photoSpan } : {}),
    }).part;
  const natural = trial(0);
  const short = rect.lines - natural.lines;
  if (!natural.done || short < 2) return 0;
  const fits = (p: StoryPart) => p.done && p.lines <= rect.lines;
  // The photo spans part of the columns: its frame grows by more than the story deepens.
  let lines = short * rect.columns;
  let best = 0;
  let bestDepth = natural.lines;
  let low = 0;
  let high = lines;
  for (let i = 0; i < STRETCH_TRIES && high - low > 0; i++) {
    lines = Math.ceil((low + high) / 2);
    const p = trial(lines);
    if (fits(p)) {
      low = lines;
      if (p.lines > bestDepth || (p.lines === bestDepth && lines < best)) {
        best = lines;
        bestDepth = p.lines;
      }
    } else high = lines - 1;
  }
  return bestDepth > natural.lines ? best : 0;
}

/** A story's part as a trial setting gives it, and how far under the resolution its photos print. */
export interface Measured {
  part: StoryPart;
  /** The lowest ppi of its photos (Infinity with none). */
  ppi: number;
}

/**
 * A story's part set in `columns` × `lines` on a scratch page, remembered: the search asks for
 * the same settings again (each shape, each stretch, each round). Where the rectangle stands
 * changes nothing but coordinates.
 */
export function measurePart(
  frame: PageFrame,
  story: StoryMatter,
  columns: number,
  lines: number,
  start: PartStart,
  fit: Fit = {},
): Measured {
  const key = JSON.stringify([frame.slots, columns, lines, start, fit.photoSpan, fit.leadLines]);
  let known = measured.get(story)?.get(key);
  if (!known) {
    const page = frame.g.template.page;
    const b = new PageBuilder(page.width, page.height);
    const part = setStoryPart(b, frame, story, { column: 1, columns, slot: 0, lines }, start, fit);
    let ppi = Number.POSITIVE_INFINITY;
    for (const block of b.page.blocks) if (isPhotoBlock(block)) ppi = Math.min(ppi, block.ppi);
    known = { part, ppi };
    const own = measured.get(story) ?? new Map<string, Measured>();
    own.set(key, known);
    measured.set(story, own);
  }
  return known;
}

const measured = new WeakMap<StoryMatter, Map<string, Measured>>();
