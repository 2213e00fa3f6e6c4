/** The head of a page: the top strip, and on page one kicker, headline, subheadline, byline. */
import { formatDateStrip } from "../article/dateline.js";
import type { Article } from "../article/model.js";
import { type Geometry, HAIRLINE, opts, type PageBuilder, run } from "./page.js";
import { type SetText, setRuns } from "./setText.js";
import type { ElementStyle } from "./template.js";

/** Space between the head's elements, in body grid lines. */
export const HEAD_GAP = 0.5;
const HEAVY_RULE = 1.2;

/** A headline's style and the smallest size it may step down to. */
export interface HeadlineSize {
  style: ElementStyle;
  minSize: number;
  /** The subheadline's size as a share of the template's (stories of lower rank). */
  subheadline?: number;
}

/** Steps the headline size down until it takes at most the template's number of lines. */
function fitHeadline(
  headline: string,
  g: Geometry,
  { style: base, minSize }: HeadlineSize,
): { set: SetText; style: ElementStyle } {
  const { template } = g;
  const color = base.color ?? template.colors.text;
  let size = base.size;
  for (;;) {
    const style = { ...base, size };
    const set = setRuns(run(headline, style), g.width, opts(g, color, "start", true));
    if (set.lines.length <= template.headline.maxLines || size <= minSize) return { set, style };
    size = Math.max(minSize, size - Math.max(1, base.size * 0.05));
  }
}

/** The top strip: dateline place and dates at the start side, the folio at the other. */
export function topStrip(
  b: PageBuilder,
  g: Geometry,
  text: string,
  style: ElementStyle,
  folio: number,
  top = g.template.margins.top,
): number {
  const { template } = g;
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
  const folioBottom = b.text("folio", folioSet, folioStyle, {
    right: g.left + g.width * 0.15,
    measure: g.width * 0.15,
    top,
    align: "end",
  });
  // The strip is as tall as the folio even when it has no date: the rule goes under the folio,
  // never through it, and the headline starts below both.
  const stripBottom = Math.max(bottom, folioBottom);
  b.rule(g.left, stripBottom + 2, g.width, 0, HAIRLINE, template.colors.rule);
  return stripBottom + 2 + template.baseline * HEAD_GAP;
}

/** Page one's head: strip, kicker, headline, subheadline, byline, then a rule. */
export function composeHead(b: PageBuilder, article: Article, g: Geometry): number {
  const { template } = g;
  const strip = article.date
    ? formatDateStrip(article.dateline, article.date)
    : (article.dateline ?? "");
  const top = topStrip(b, g, strip, template.styles.dateStrip, 1);
  const headline = { style: template.styles.headline, minSize: template.headline.minSize };
  const y = composeStoryHead(b, article, g, top, headline) + template.baseline * HEAD_GAP * 0.5;
  b.rule(g.left, y, g.width, 0, HEAVY_RULE, template.colors.text);
  return y + template.baseline * HEAD_GAP;
}

/**
 * A story's head across the geometry's width from `top`: kicker, headline (stepped down to the
 * template's lines), subheadline, byline. Returns the y under the byline.
 */
export function composeStoryHead(
  b: PageBuilder,
  article: Article,
  g: Geometry,
  top: number,
  headlineSize: HeadlineSize,
): number {
  const { template } = g;
  const s = template.styles;
  let y = top;
  const full = { right: g.right, measure: g.width, align: "start" as const };
  if (article.kicker) {
    y = b.text(
      "kicker",
      setRuns(run(article.kicker, s.kicker), g.width, opts(g, template.colors.accent)),
      s.kicker,
      { ...full, top: y },
    );
  }
  const headline = fitHeadline(article.headline, g, headlineSize);
  y = b.text("headline", headline.set, headline.style, { ...full, top: y });
  if (article.subheadline) {
    y += template.baseline * HEAD_GAP * 0.5;
    const style = { ...s.subheadline, size: s.subheadline.size * (headlineSize.subheadline ?? 1) };
    y = b.text(
      "subheadline",
      setRuns(
        run(article.subheadline, style),
        g.width * 0.85,
        opts(g, style.color ?? template.colors.text, "start", true),
      ),
      style,
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
  return y;
}

/** Later pages: a running head with the headline and the folio, under a rule. */
export function composeRunningHead(
  b: PageBuilder,
  article: Article,
  g: Geometry,
  folio: number,
): number {
  return topStrip(b, g, `${article.headline} — تابع`, g.template.styles.runningHead, folio);
}
