/**
 * A page plan made up: the nameplate and strip, the stories' rectangles chosen (or given) and
 * set, rules between them, reserved boxes, and continuation pages for the stories that jump.
 */
import { DATE_STRIP_SEPARATOR, formatDateStrip } from "../article/dateline.js";
import type { Article } from "../article/model.js";
import { SahifaError } from "../errors.js";
import type { ArticlePhotos, PhotoSource } from "../image/types.js";
import { linesLeft } from "../layout/flow.js";
import { topStrip } from "../layout/head.js";
import {
  type Geometry,
  geometryOf,
  HAIRLINE,
  isRightToLeft,
  opts,
  PageBuilder,
  run,
} from "../layout/page.js";
import { setRuns } from "../layout/setText.js";
import { loadTemplate, type Template } from "../layout/template.js";
import type { Layout, LayoutPage, LayoutStory, MakeupPage } from "../layout/types.js";
import type { DigitStyle } from "../text/digits.js";
import {
  ArrangeError,
  type Arrangement,
  arrange,
  type Grid,
  LEAST_TEXT,
  SHORT_JUMP,
  type Shape,
  STORY_GAP,
  shapeKey,
  type Unit,
} from "./arrange.js";
import { briefsColumn, briefsShape } from "./briefs.js";
import type { Plan, Reserve } from "./model.js";
import {
  canStretch,
  measurePart,
  type PageFrame,
  type PartStart,
  type Pending,
  type Rectangle,
  rectangleGeometry,
  ruleAbove,
  type StoryMatter,
  setStoryPart,
  storyItems,
  stretchToFill,
} from "./story.js";

/** A plan with its articles read and their photos loaded, in plan order. */
export interface PlanMatter {
  plan: Plan;
  articles: Article[];
  photos: ArticlePhotos[];
}

export interface LayoutPlanOptions {
  /** Over the plan's template; default broadsheet-6col. */
  template?: string | Template;
  digits?: DigitStyle;
}

/** The template a plan is made up on: the options', else the plan's, else broadsheet-6col. */
export function planTemplate(plan: Plan, options: LayoutPlanOptions): Template {
  return typeof options.template === "object"
    ? options.template
    : loadTemplate(options.template ?? plan.template ?? "broadsheet-6col");
}

/** Times the arrangement is searched again after a setting jumped otherwise than estimated. */
const MAX_ROUNDS = 3;

/** A jump's class as the score sees it: none, short, or long. */
function shortOrNone(jumped: number): number {
  return jumped === 0 ? 0 : jumped < SHORT_JUMP ? 1 : 2;
}

/** Empty lines at a column's bottom that the make-up does not warn about. */
const EMPTY_TOLERATED = 2;
/** The nameplate's title, relative to the headline's size. */
const NAMEPLATE_TITLE = 1.45;

function invalid(plan: Plan, problem: string): SahifaError {
  return new SahifaError("INPUT_INVALID", `${plan.file}: ${problem}`);
}

/** The plan's keys checked against the template's page: spans and reserved boxes. */
function checkPlan(plan: Plan, template: Template, slots: number): void {
  const count = template.columns.count;
  plan.stories.forEach((s, i) => {
    if (s.columns !== undefined && s.columns > count) {
      throw invalid(
        plan,
        `stories[${i}] (${s.name}): columns: ${s.columns} is wider than the page's ${count} columns`,
      );
    }
    if (s.as === "brief" && s.columns !== undefined && s.columns !== 1) {
      throw invalid(
        plan,
        `stories[${i}] (${s.name}): columns: a brief stands in the briefs' one column`,
      );
    }
    if (s.lines !== undefined && s.lines > slots) {
      throw invalid(
        plan,
        `stories[${i}] (${s.name}): lines: ${s.lines} is deeper than the page's ${slots} lines`,
      );
    }
  });
  plan.reserve.forEach((r, i) => {
    const mm = (pt: number) => `${Math.round((pt * 25.4) / 72)}mm`;
    if (r.columns > count) {
      throw invalid(
        plan,
        `reserve[${i}]: columns: ${r.columns} is wider than the page's ${count} columns`,
      );
    }
    if (r.height > slots * template.baseline) {
      throw invalid(
        plan,
        `reserve[${i}]: height: ${mm(r.height)} is taller than the page's ${mm(slots * template.baseline)} for stories`,
      );
    }
  });
}

/** A reserved box as a rectangle of the page's grid, from its corner. */
function reserveRectangle(
  r: Reserve,
  count: number,
  slots: number,
  L: number,
  rtl: boolean,
): Rectangle {
  const lines = Math.ceil(r.height / L - 1e-6);
  const left = r.at.endsWith("left");
  // Column 1 is the reading start: the right edge of an Arabic page.
  const atStart = left !== rtl;
  return {
    column: atStart ? 1 : count - r.columns + 1,
    columns: r.columns,
    slot: r.at.startsWith("top") ? 0 : slots - lines,
    lines,
  };
}

function overlaps(a: Rectangle, b: Rectangle): boolean {
  return (
    a.column < b.column + b.columns &&
    b.column < a.column + a.columns &&
    a.slot < b.slot + b.lines &&
    b.slot < a.slot + a.lines
  );
}

/** Page one's head: the nameplate (title, subtitle) over the strip of date, issue and folio. */
function nameplate(b: PageBuilder, g: Geometry, plan: Plan): number {
  const { template } = g;
  const strip = [
    plan.date ? formatDateStrip(undefined, plan.date) : "",
    plan.nameplate?.issue ? `العدد ${plan.nameplate.issue}` : "",
  ]
    .filter(Boolean)
    .join(DATE_STRIP_SEPARATOR);
  let y = template.margins.top;
  const np = plan.nameplate;
  if (np) {
    const headline = template.styles.headline;
    const title = { ...headline, size: headline.size * NAMEPLATE_TITLE, lineHeight: 1.1 };
    const color = template.colors.accent;
    const full = { right: g.right, measure: g.width, align: "center" as const };
    y = b.text(
      "nameplate",
      setRuns(run(np.title, title), g.width, opts(g, color, "center")),
      title,
      {
        ...full,
        top: y,
      },
    );
    if (np.subtitle) {
      const style = template.styles.subheadline;
      const set = setRuns(
        run(np.subtitle, style),
        g.width,
        opts(g, template.colors.text, "center"),
      );
      y = b.text("nameplate", set, style, { ...full, top: y });
    }
    b.rule(g.left, y + 2, g.width, 0, 1.2, template.colors.text);
    y += 6;
  }
  return topStrip(b, g, strip, template.styles.dateStrip, plan.folio, y);
}

/** A continuation page's head: the paper's title and date, and the folio. */
function runningStrip(b: PageBuilder, g: Geometry, plan: Plan, folio: number): number {
  const text = [plan.nameplate?.title, plan.date ? formatDateStrip(undefined, plan.date) : ""]
    .filter(Boolean)
    .join(DATE_STRIP_SEPARATOR);
  return topStrip(b, g, text, g.template.styles.runningHead, folio);
}

/** A reserved box: ruled, its label in the middle; all of it an artifact. */
function drawReserve(
  b: PageBuilder,
  frame: PageFrame,
  rect: Rectangle,
  label: string | undefined,
): void {
  const { g } = frame;
  const L = g.template.baseline;
  const { left, right } = rectangleGeometry(g, rect.column, rect.columns);
  const top = frame.gridTop + rect.slot * L;
  const height = rect.lines * L;
  const box = {
    kind: "reserve" as const,
    x: left,
    y: top,
    width: right - left,
    height,
    column: null,
  };
  b.block({ ...box, stroke: HAIRLINE * 2, color: g.template.colors.rule });
  if (!label) return;
  const style = g.template.styles.kicker;
  const set = setRuns(run(label, style), right - left, opts(g, g.template.colors.rule, "center"));
  const index = b.block(box);
  b.lines(index, set, style, {
    right,
    measure: right - left,
    top: top + (height - style.size * style.lineHeight) / 2,
    align: "center",
  });
}

/** What one page's arrangement places: a story's part, or the briefs' column. */
type PageUnit =
  | { kind: "story"; pending: Pending; unit: Unit }
  | { kind: "briefs"; briefs: Pending[]; unit: Unit };

/** The spans a story may take: the lead at least half the page, the others at most two-thirds. */
function spansFor(story: StoryMatter, count: number, start: PartStart, forced?: number): number[] {
  if (forced !== undefined) return [forced];
  const all = Array.from({ length: count }, (_, i) => i + 1);
  if (start.from !== undefined) return all;
  if (story.rank === 0) return all.filter((s) => s >= Math.ceil(count / 2));
  return all.filter((s) => s <= Math.max(1, Math.ceil((count * 2) / 3)));
}

/** A story's shape at a span (its lead photo across `photoSpan`), from setting it as deep as the page. */
function shapeOf(frame: PageFrame, pending: Pending, columns: number, photoSpan?: number): Shape {
  const { story, start } = pending;
  const fit = photoSpan ? { photoSpan } : {};
  let { part, ppi } = measurePart(frame, story, columns, frame.slots, start, fit);
  if (part.done) {
    // Set again as deep as it came out: a shallower frame can leave out the pull-quote.
    const exact = measurePart(frame, story, columns, part.lines, start, fit);
    if (exact.part.done) ({ part, ppi } = exact);
  }
  // How far its photo can stretch it: set in the whole page's depth with the frame at its tallest.
  const stretched =
    canStretch(story, start) && part.done
      ? measurePart(frame, story, columns, frame.slots, start, { ...fit, leadLines: frame.slots })
          .part
      : undefined;
  const minPpi = frame.g.template.photos.minPpi;
  return {
    columns,
    lines: part.lines,
    overflow: part.done ? 0 : linesLeft(part.items, part.next),
    least: part.headLines + LEAST_TEXT,
    stretch: stretched?.done ? Math.max(0, stretched.lines - part.lines) : 0,
    soft: Math.max(0, 1 - ppi / minPpi),
    ...(photoSpan ? { photoSpan } : {}),
  };
}

/**
 * The spans a story's lead photo may take in `columns`: two-thirds of them (or the article's
 * own span) with text beside it, or all of them; none when the story has no lead photo.
 */
function photoSpans(pending: Pending, columns: number): (number | undefined)[] {
  const lead = pending.story.photos.lead;
  if (!lead || pending.start.from !== undefined || columns < 2) return [undefined];
  const beside = Math.min(columns, lead.span ?? Math.max(1, Math.round((columns * 2) / 3)));
  return [...new Set([beside, columns])];
}

export function layoutPlan(matter: PlanMatter, options: LayoutPlanOptions = {}): Layout {
  const { plan, articles } = matter;
  const template = planTemplate(plan, options);
  const lead = articles[0] as Article;
  const rtl = isRightToLeft(lead.lang);
  const g = geometryOf(template, rtl, options.digits ?? template.digits);
  const L = template.baseline;
  const count = template.columns.count;
  const bottomLimit = template.page.height - template.margins.bottom;

  // Photos: every story's, one after another, as the photo blocks index them.
  const photos: PhotoSource[] = [];
  let rank = 0;
  const stories: StoryMatter[] = plan.stories.map((s, index) => {
    const article = articles[index] as Article;
    const own = matter.photos[index] ?? { inText: [] };
    const photoOffset = photos.length;
    photos.push(...(own.lead ? [own.lead] : []), ...own.inText);
    const story: StoryMatter = {
      index,
      file: s.name,
      article,
      role: s.as,
      rank: s.as === "brief" ? -1 : rank++,
      photos: own,
      photoOffset,
      items: [],
    };
    return story;
  });

  const pages: LayoutPage[] = [];
  const report: MakeupPage[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const storyPages: number[][] = stories.map(() => []);
  let pending: Pending[] = stories.map((story) => ({
    story,
    start: { cursor: { item: 0, line: 0 } },
  }));
  let folio = plan.folio;
  while (pending.length > 0) {
    const started = performance.now();
    const first = pages.length === 0;
    const head = new PageBuilder(template.page.width, template.page.height);
    const gridTop = first ? nameplate(head, g, plan) : runningStrip(head, g, plan, folio);
    const slots = Math.floor((bottomLimit - gridTop) / L + 1e-9);
    const frame: PageFrame = { g, gridTop, slots, folio };
    if (first) {
      checkPlan(plan, template, slots);
      for (const story of stories)
        story.items = storyItems(story.article, story.photos, story.photoOffset, g, slots);
    }
    const reserves = first
      ? plan.reserve.map((r) => reserveRectangle(r, count, slots, L, rtl))
      : [];
    for (const [i, r] of reserves.entries()) {
      const other = reserves.findIndex((o, j) => j > i && overlaps(r, o));
      if (other >= 0) throw invalid(plan, `reserve[${i}] and reserve[${other}] overlap`);
    }
    const units = pageUnits(frame, pending, plan, first);
    const grid: Grid = { columns: count, slots, reserves, rtl };
    const setPage = (arrangement: Arrangement) => {
      const b = new PageBuilder(template.page.width, template.page.height);
      if (first) nameplate(b, g, plan);
      else runningStrip(b, g, plan, folio);
      const set = arrangement.placed.map((placed) => {
        const unit = units[placed.unit] as PageUnit;
        const { rect } = placed;
        if (rect.slot > 0) ruleAbove(b, frame, rect);
        if (unit.kind === "briefs") {
          return { placed, parts: briefsColumn(b, frame, unit.briefs, rect, plan.briefsLabel) };
        }
        const { story, start } = unit.pending;
        const { photoSpan } = placed.shape;
        const leadLines = stretchToFill(frame, story, rect, start, photoSpan);
        const part = setStoryPart(b, frame, story, rect, start, {
          leadLines,
          ...(photoSpan ? { photoSpan } : {}),
        });
        return { placed, parts: [{ pending: unit.pending, part, rect, started: true }] };
      });
      return { b, set };
    };
    // The arrangement's jumps are estimates: where a setting jumps another number of lines
    // (none, or too few to turn a page for), the search runs again knowing it.
    let arrangement: Arrangement;
    let page: ReturnType<typeof setPage>;
    for (let round = 0; ; round++) {
      try {
        arrangement = arrange(
          units.map((u) => u.unit),
          grid,
        );
      } catch (error) {
        if (!(error instanceof ArrangeError)) throw error;
        throw invalid(plan, noRoomMessage(units, error.unit, grid));
      }
      page = setPage(arrangement);
      let surprised = false;
      for (const { placed, parts } of page.set) {
        const unit = units[placed.unit] as PageUnit;
        const part = parts[0]?.part;
        if (unit.kind !== "story" || !part) continue;
        const jumped = part.done ? 0 : linesLeft(part.items, part.next);
        if (shortOrNone(jumped) !== shortOrNone(placed.jumped)) {
          unit.unit.measured ??= new Map();
          unit.unit.measured.set(shapeKey(placed.rect.columns, placed.rect.lines), jumped);
          surprised = true;
        }
      }
      if (!surprised || round === MAX_ROUNDS) break;
    }
    const b = page.b;
    const carried: Pending[] = [];
    const rectangles: MakeupPage["rectangles"] = [];
    const used: { rect: Rectangle; lines: number }[] = [];
    for (const { placed, parts } of page.set) {
      const { rect } = placed;
      let deepest = 0;
      for (const { pending: p, part, rect: own, started } of parts) {
        const index = p.story.index;
        if (started) storyPages[index]?.push(pages.length);
        if (part.note) notes.push(`${plan.file}: ${p.story.file}: ${part.note}`);
        const jumped = part.done ? 0 : linesLeft(part.items, part.next);
        rectangles.push({ story: index, ...own, jumped });
        deepest = Math.max(deepest, own.slot - rect.slot + part.lines);
        if (!part.done) {
          p.story.items = part.items;
          // A brief that did not start here waits for the next page's briefs whole.
          carried.push({
            story: p.story,
            start: started ? { cursor: part.next, from: folio } : { cursor: part.next },
          });
        }
      }
      used.push({ rect, lines: deepest });
    }
    rulesBetween(
      b,
      frame,
      arrangement.placed.map((p) => p.rect),
    );
    plan.reserve.forEach((r, i) => {
      const rect = reserves[i];
      if (first && rect) drawReserve(b, frame, rect, r.label);
    });
    const empty = emptyLines(used, grid);
    if (first) {
      for (const area of empty) warnings.push(emptyWarning(plan, area, frame));
    }
    const usable = count * slots - reserves.reduce((sum, r) => sum + r.columns * r.lines, 0);
    const filled = used.reduce(
      (sum, u) => sum + u.rect.columns * Math.min(u.rect.lines, u.lines),
      0,
    );
    report.push({
      page: pages.length,
      rectangles,
      fill: Math.round((filled / usable) * 1000) / 1000,
      score: Math.round(arrangement.score * 1000) / 1000,
      terms: Object.fromEntries(
        Object.entries(arrangement.terms).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
      ),
      considered: arrangement.considered,
      variants: units.map((u) =>
        u.unit.shapes.map((s) => ({
          story: u.kind === "story" ? u.pending.story.index : (u.briefs[0]?.story.index ?? -1),
          columns: s.columns,
          lines: s.overflow > 0 ? -1 : s.lines,
          ...(s.photoSpan ? { photoColumns: s.photoSpan } : {}),
        })),
      ),
      ms: Math.round(performance.now() - started),
    });
    pages.push(b.page);
    pending = carried.sort((a, b) => a.story.index - b.story.index);
    folio++;
    if (pages.length > 1000) throw new Error("page make-up does not converge");
  }
  const layoutStories: LayoutStory[] = stories.map((s, i) => ({
    file: s.file,
    headline: s.article.headline,
    lang: s.article.lang,
    as: s.role,
    pages: [...new Set(storyPages[i])],
  }));
  return {
    pages,
    title: plan.nameplate?.title ?? lead.headline,
    lang: lead.lang,
    missing: [...g.missing],
    photos,
    stories: layoutStories,
    makeup: { pages: report, warnings },
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** The units one page arranges: its stories in order, and the briefs together in one column. */
function pageUnits(frame: PageFrame, pending: Pending[], plan: Plan, first: boolean): PageUnit[] {
  const count = frame.g.template.columns.count;
  const units: PageUnit[] = [];
  const briefs: Pending[] = [];
  for (const p of pending) {
    const planned = plan.stories[p.story.index];
    if (p.story.role === "brief" && p.start.from === undefined) {
      briefs.push(p);
      continue;
    }
    const forced = first ? planned : undefined;
    const shapes = spansFor(p.story, count, p.start, forced?.columns).flatMap((columns) =>
      photoSpans(p, columns).map((photoSpan) => shapeOf(frame, p, columns, photoSpan)),
    );
    const given = {
      ...(forced?.columns !== undefined ? { columns: forced.columns } : {}),
      ...(forced?.lines !== undefined ? { lines: forced.lines } : {}),
    };
    units.push({
      kind: "story",
      pending: p,
      unit: {
        name: `stories[${p.story.index}] (${p.story.file})`,
        shapes,
        ...(Object.keys(given).length > 0 ? { forced: given } : {}),
        brief: false,
      },
    });
  }
  if (briefs.length > 0) {
    const forcedLines = first ? plan.stories[briefs[0]?.story.index ?? 0]?.lines : undefined;
    units.push({
      kind: "briefs",
      briefs,
      unit: {
        name: `the briefs (${briefs.map((p) => p.story.file).join(", ")})`,
        shapes: [briefsShape(frame, briefs, plan.briefsLabel)],
        ...(forcedLines !== undefined ? { forced: { columns: 1, lines: forcedLines } } : {}),
        brief: true,
      },
    });
  }
  return units;
}

/** Why a unit found no room: two stories forced onto the same columns, or the page full. */
function noRoomMessage(units: PageUnit[], u: number, grid: Grid): string {
  const unit = units[u]?.unit;
  if (!unit) return "the stories do not fit the page";
  const forced = units.slice(0, u).filter((o) => o.unit.forced);
  const shape = (x: Unit) =>
    `${x.forced?.columns ?? "any"} columns × ${x.forced?.lines ?? "any"} lines`;
  if (unit.forced && forced.length > 0) {
    const other = forced.at(-1)?.unit as Unit;
    return `${other.name} and ${unit.name} are forced onto the same columns: ${shape(other)} and ${shape(unit)} do not fit side by side or one above the other on the page's ${grid.columns} columns × ${grid.slots} lines`;
  }
  const least = Math.min(...unit.shapes.map((s) => s.least));
  if (unit.forced?.lines !== undefined && unit.forced.lines < least) {
    return `${unit.name}: lines: its head and first lines need ${least} lines, ${least - unit.forced.lines} more than the ${unit.forced.lines} it is given`;
  }
  return `${unit.name}: no room left on the page: it needs at least ${least} lines in ${Math.min(...unit.shapes.map((s) => s.columns))} free column(s)`;
}

/** Vertical rules in the gutters between side-by-side stories, over the height they share. */
function rulesBetween(b: PageBuilder, frame: PageFrame, rects: Rectangle[]): void {
  const { g } = frame;
  const { template } = g;
  const L = template.baseline;
  const width = template.columns.rule || HAIRLINE;
  for (const a of rects) {
    for (const other of rects) {
      if (a.column + a.columns !== other.column) continue;
      const from = Math.max(a.slot, other.slot);
      const to = Math.min(a.slot + a.lines, other.slot + other.lines);
      if (to <= from) continue;
      // The gutter after a's last column (in reading order).
      const last = a.column + a.columns - 1;
      const x = g.rtl
        ? g.columnRight(last) - g.columnWidth - template.columns.gutter / 2
        : g.columnRight(last) + template.columns.gutter / 2;
      b.rule(
        x,
        frame.gridTop + from * L,
        0,
        (to - from) * L - L * 0.3,
        width,
        template.colors.rule,
      );
    }
  }
}

/** Runs of lines left empty in each column: under a story shorter than its rectangle, or at the bottom. */
function emptyLines(used: { rect: Rectangle; lines: number }[], grid: Grid): Rectangle[] {
  const taken = Array.from({ length: grid.columns }, () =>
    new Array<boolean>(grid.slots).fill(false),
  );
  const mark = (r: Rectangle, lines: number, gap: number) => {
    for (let c = r.column - 1; c < r.column - 1 + r.columns; c++)
      for (let s = Math.max(0, r.slot - gap); s < Math.min(grid.slots, r.slot + lines); s++)
        (taken[c] as boolean[])[s] = true;
  };
  for (const r of grid.reserves) mark(r, r.lines + STORY_GAP, STORY_GAP);
  for (const u of used) mark(u.rect, u.lines, STORY_GAP);
  const areas: Rectangle[] = [];
  taken.forEach((column, c) => {
    let s = 0;
    while (s < grid.slots) {
      if (column[s]) {
        s++;
        continue;
      }
      let end = s;
      while (end < grid.slots && !column[end]) end++;
      if (end - s > EMPTY_TOLERATED + STORY_GAP) {
        const last = areas.at(-1);
        if (
          last &&
          last.column + last.columns === c + 1 &&
          last.slot === s &&
          last.lines === end - s
        )
          last.columns++;
        else areas.push({ column: c + 1, columns: 1, slot: s, lines: end - s });
      }
      s = end;
    }
  });
  return areas;
}

function emptyWarning(plan: Plan, area: Rectangle, frame: PageFrame): string {
  const L = frame.g.template.baseline;
  const mm = Math.round((area.lines * L * 25.4) / 72);
  const columns =
    area.columns === 1
      ? `column ${area.column}`
      : `columns ${area.column}–${area.column + area.columns - 1}`;
  return `${plan.file}: page ${plan.folio}: ${columns}, lines ${area.slot + 1}–${area.slot + area.lines} (${mm} mm) are empty: the stories do not fill the page`;
}
