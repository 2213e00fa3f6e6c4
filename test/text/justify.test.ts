import { describe, expect, it } from "vitest";
import { formatDateStrip } from "../../src/article/dateline.js";
import { readArticleFile } from "../../src/article/parse.js";
import { bundledFont, loadFont } from "../../src/fonts/registry.js";
import { layoutArticle } from "../../src/layout/compose.js";
import { textStyle } from "../../src/layout/setText.js";
import { loadTemplate, type Template } from "../../src/layout/template.js";
import type { Layout, LayoutLine, LayoutPage } from "../../src/layout/types.js";
import { renderLayout } from "../../src/render.js";
import { breakLinesGreedy } from "../../src/text/breakLines.js";
import type { PlacedPiece, SetLine } from "../../src/text/finalize.js";
import { breakLinesOptimal } from "../../src/text/knuthPlass.js";
import {
  defaultEngines,
  type ParagraphSetting,
  prepareParagraph,
  setParagraph,
} from "../../src/text/paragraph.js";
import { DEFAULT_JUSTIFICATION, type JustifyMode } from "../../src/text/stretch.js";
import type { StyledSpan } from "../../src/text/types.js";
import { mupdfText } from "../support/extract.js";

/** A justified line's width against its measure, and positions, pt. */
const EPS = 0.1;
const TATWEEL = "\u0640";
const tatweels = (s: string) => s.split(TATWEEL).length - 1;

const article = await readArticleFile("examples/jaafari-lavrov.md");
const template = loadTemplate(article.template ?? "a4-3col");
const withMode = (mode: JustifyMode): Template => ({
  ...template,
  justify: { ...template.justify, mode },
});
const layouts = {
  hybrid: layoutArticle(article),
  spacing: layoutArticle(article, { template: withMode("spacing") }),
  kashida: layoutArticle(article, { template: withMode("kashida") }),
  none: layoutArticle(article, { template: withMode("none") }),
} satisfies Record<JustifyMode, Layout>;

interface BodyLine {
  page: LayoutPage;
  line: LayoutLine;
}

function bodyLines(layout: Layout): BodyLine[] {
  return layout.pages.flatMap((page) =>
    page.lines
      .filter((line) => page.blocks[line.block]?.kind === "body")
      .map((line) => ({ page, line })),
  );
}

const spaceRatio = (l: LayoutLine) => l.spaceActual / l.spaceNatural;
const maxSpaceRatio = (layout: Layout) =>
  Math.max(
    ...bodyLines(layout)
      .map((b) => b.line)
      .filter((l) => !l.last && l.spaceNatural > 0)
      .map(spaceRatio),
  );

/** A line's pieces grouped into words: runs of boxes between spaces. */
function words(pieces: readonly PlacedPiece[]): PlacedPiece[][] {
  const out: PlacedPiece[][] = [[]];
  for (const p of pieces) {
    if (p.kind === "box") out.at(-1)?.push(p);
    else if (out.at(-1)?.length) out.push([]);
  }
  return out.filter((w) => w.length > 0);
}
const stretched = (p: PlacedPiece) => (p.kashidaWidth ?? 0) > 0;

/**
 * Checks every body line's kashidas against the template's limits and returns how many words
 * took one: at most `maxKashidasPerLine` words a line, one tatweel a word, or two in a long
 * word on a line whose spaces and first kashidas are all at their limits; the tatweels drawn
 * as long as the word grew (and what its undone forms lost or gained), a visible one where
 * the word's forms were undone.
 */
function checkKashidas(layout: Layout, t: Template): number {
  const j = t.justify;
  let total = 0;
  for (const { line } of bodyLines(layout)) {
    const elongated = line.pieces.filter(stretched);
    expect(elongated.length, line.text).toBeLessThanOrEqual(j.maxKashidasPerLine);
    expect(line.kashidas, line.text).toBe(elongated.length);
    total += elongated.length;
    const seconds = elongated.filter((p) => p.glyphs.filter((g) => g.kashida).length === 2);
    if (seconds.length > 0) {
      expect(spaceRatio(line), line.text).toBeGreaterThanOrEqual(j.maxSpaceRatio - 1e-6);
      for (const piece of elongated) {
        const cap = j.maxKashidaEm * piece.style.size;
        const reach = seconds.includes(piece) ? 2 * cap : cap;
        if (!seconds.includes(piece)) expect(piece.kashidaWidth, line.text).toBeCloseTo(reach, 6);
      }
    }
    for (const piece of elongated) {
      const kashidaWidth = piece.kashidaWidth ?? 0;
      const tatweels = piece.glyphs.filter((g) => g.kashida);
      const elongation =
        tatweels.length === 2 ? piece.elongation?.second?.shape() : piece.elongation;
      expect(elongation, piece.text).toBeDefined();
      expect(tatweels.length, piece.text).toBe(elongation?.points.length);
      if (tatweels.length === 2)
        expect([...piece.text].filter((c) => /\p{L}/u.test(c)).length).toBeGreaterThanOrEqual(5);
      expect(kashidaWidth).toBeLessThanOrEqual(
        tatweels.length * j.maxKashidaEm * piece.style.size + 1e-9,
      );
      const units = loadFont(piece.style.font).unitsPerEm;
      const pt = (u: number) => (u * piece.style.size) / units;
      const drawn = pt(tatweels.reduce((sum, g) => sum + g.xAdvance, 0));
      expect(drawn, piece.text).toBeCloseTo(kashidaWidth + pt(elongation?.rest ?? 0), 6);
      if (elongation?.reforms)
        expect(drawn, piece.text).toBeGreaterThanOrEqual(0.1 * piece.style.size - 1e-6);
      else expect(elongation?.rest).toBe(0);
      expect(piece.width - (piece.naturalWidth ?? 0)).toBeCloseTo(kashidaWidth, 6);
    }
  }
  return total;
}

describe("narrow columns: undone forms and second kashidas", async () => {
  const narrow = ["a3-5col", "broadsheet-6col"].map(loadTemplate);
  const copy = await Promise.all(
    ["eileen-collins.md", "beirut-music-festival.md", "markets-weekly.md"].map((f) =>
      readArticleFile(`examples/${f}`),
    ),
  );
  const set = narrow.flatMap((t) =>
    copy.map((a) => ({ t, layout: layoutArticle({ ...a, photo: undefined }, { template: t }) })),
  );

  it("keeps every kashida within the limits, and every space within the template's", () => {
    let total = 0;
    for (const { t, layout } of set) {
      total += checkKashidas(layout, t);
      expect(maxSpaceRatio(layout)).toBeLessThanOrEqual(t.justify.maxSpaceRatio + 1e-9);
    }
    expect(total).toBeGreaterThan(200);
  });

  it("undoes a ligature for a kashida, and gives a long word a second one, where lines need it", () => {
    const pieces = set.flatMap(({ layout }) =>
      bodyLines(layout).flatMap(({ line }) => line.pieces.filter(stretched)),
    );
    expect(pieces.filter((p) => p.elongation?.reforms).length).toBeGreaterThan(10);
    expect(
      pieces.filter((p) => p.glyphs.filter((g) => g.kashida).length === 2).length,
    ).toBeGreaterThan(0);
    // Undone forms come after kept ones: most kashidas keep the font's forms.
    expect(pieces.filter((p) => p.elongation?.reforms).length).toBeLessThan(pieces.length / 5);
  });
});

describe("the seed article on the default template (hybrid)", () => {
  const layout = layouts.hybrid;
  const body = bodyLines(layout);
  const j = template.justify;

  it("is the template's default hybrid justification", () => {
    expect(j.mode).toBe("hybrid");
    expect(body.length).toBeGreaterThan(40);
    expect(body.filter((b) => !b.line.last).length).toBeGreaterThan(30);
  });

  it("sets every non-last body line at the measure", () => {
    for (const { line } of body.filter((b) => !b.line.last))
      expect(Math.abs(line.width - line.measure), line.text).toBeLessThanOrEqual(EPS);
  });

  it(`stretches no word space past ${j.maxSpaceRatio}× on a non-last line`, () => {
    const ratios = body
      .map((b) => b.line)
      .filter((l) => !l.last && l.spaceNatural > 0)
      .map(spaceRatio);
    expect(ratios.length).toBeGreaterThan(30);
    expect(Math.max(...ratios)).toBeLessThanOrEqual(1.5 + 1e-9);
    expect(Math.max(...ratios)).toBeLessThanOrEqual(j.maxSpaceRatio + 1e-9);
    // Spaces never shrink below their hard minimum either.
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(j.minSpaceRatio - 1e-9);
  });

  it("uses kashidas within the per-line, per-word and length limits", () => {
    expect(checkKashidas(layout, template)).toBeGreaterThan(20);
  });

  it("sets last lines flush right with natural spaces and no kashida", () => {
    const lasts = body.filter((b) => b.line.last);
    expect(lasts.length).toBe(article.body.length);
    for (const { line } of lasts) {
      expect(line.width, line.text).toBeLessThanOrEqual(line.measure + EPS);
      expect(line.spaceActual, line.text).toBeCloseTo(line.spaceNatural, 9);
      expect(line.kashidas, line.text).toBe(0);
      expect(line.pieces.filter((p) => p.kind === "glue" && p.naturalWidth !== undefined)).toEqual(
        [],
      );
    }
  });

  it("puts every line's right end at its block's right edge (less the first-line indent)", () => {
    const indented: LayoutLine[] = [];
    for (const { page, line } of body) {
      const block = page.blocks[line.block];
      if (!block) throw new Error("line without block");
      const indent = block.width - line.measure;
      expect([0, template.styles.body.size]).toContain(Math.round(indent * 1000) / 1000);
      if (indent > 0) indented.push(line);
      const rightEdge = block.x + block.width - indent;
      expect(Math.abs(line.x + line.width - rightEdge), line.text).toBeLessThanOrEqual(EPS);
    }
    // Every paragraph but the first opens with an indented line.
    expect(indented.length).toBe(article.body.length - 1);
  });

  it("adds no tatweel to any line's text", () => {
    expect(tatweels(article.body.join(""))).toBe(0);
    for (const { line } of body) expect(tatweels(line.text), line.text).toBe(0);
  });
});

describe("other justification modes", () => {
  it("spacing mode uses no kashida, and needs wider spaces than hybrid", () => {
    const body = bodyLines(layouts.spacing);
    for (const { line } of body) {
      expect(line.kashidas, line.text).toBe(0);
      expect(line.pieces.filter(stretched)).toEqual([]);
      expect(line.pieces.flatMap((p) => p.glyphs).filter((g) => g.kashida)).toEqual([]);
      if (!line.last)
        expect(Math.abs(line.width - line.measure), line.text).toBeLessThanOrEqual(EPS);
      // A last line may shrink to fit, never stretch.
      else expect(line.spaceActual).toBeLessThanOrEqual(line.spaceNatural + 1e-9);
    }
    const spacing = maxSpaceRatio(layouts.spacing);
    const hybrid = maxSpaceRatio(layouts.hybrid);
    console.log(`max space ratio: hybrid ${hybrid.toFixed(3)}, spacing ${spacing.toFixed(3)}`);
    expect(spacing).toBeGreaterThan(hybrid);
  });

  it("kashida mode fills lines with kashidas first: narrower spaces than hybrid", () => {
    const body = bodyLines(layouts.kashida);
    for (const { line } of body.filter((b) => !b.line.last))
      expect(Math.abs(line.width - line.measure), line.text).toBeLessThanOrEqual(EPS);
    expect(maxSpaceRatio(layouts.kashida)).toBeLessThanOrEqual(maxSpaceRatio(layouts.hybrid));
    for (const { line } of body) {
      for (const word of words(line.pieces))
        expect(word.filter(stretched).length).toBeLessThanOrEqual(1);
      expect(line.kashidas).toBeLessThanOrEqual(template.justify.maxKashidasPerLine);
    }
  });

  it("none leaves lines ragged: natural spaces, no kashida, within the measure", () => {
    const body = bodyLines(layouts.none);
    for (const { line } of body) {
      expect(line.width, line.text).toBeLessThanOrEqual(line.measure + 1e-9);
      expect(line.spaceActual, line.text).toBe(line.spaceNatural);
      expect(line.kashidas).toBe(0);
      expect(line.pieces.filter((p) => p.naturalWidth !== undefined)).toEqual([]);
    }
    const short = body.filter((b) => !b.line.last && b.line.measure - b.line.width > EPS);
    expect(short.length).toBeGreaterThan(body.length / 2);
  });
});

describe("no tatweel reaches the text of the PDF", () => {
  /** Every text the seed page shows, as written: head, date strip, pull-quote, body, source. */
  const shown = [
    article.kicker,
    article.headline,
    article.subheadline,
    article.byline,
    article.date ? formatDateStrip(article.dateline, article.date) : article.dateline,
    article.pullQuote,
    ...article.body,
    article.source,
  ].join("\n");

  for (const mode of ["hybrid", "kashida"] as const) {
    it(`${mode}: line texts and mupdf's extraction hold only the source's tatweels`, async () => {
      const layout = layouts[mode];
      const lines = layout.pages.flatMap((p) => p.lines);
      const inLines = lines.reduce((n, l) => n + tatweels(l.text), 0);
      // The date strip's «هـ» is the only one.
      expect(inLines).toBe(tatweels(shown));
      expect(inLines).toBe(1);
      expect(lines.reduce((n, l) => n + l.kashidas, 0)).toBeGreaterThan(20);
      const text = mupdfText(await renderLayout(layout, article));
      expect(tatweels(text)).toBe(inLines);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Line breaking on its own

const amiri = { font: bundledFont("Amiri-Regular.ttf"), size: 10.5 };
const prepare = (text: string) =>
  prepareParagraph({
    text,
    spans: text ? [{ start: 0, end: text.length, style: amiri }] : [],
    direction: "rtl",
  });
const justified = (measure: number): ParagraphSetting => ({
  measure,
  justification: DEFAULT_JUSTIFICATION,
  justify: true,
});
/** The text a line shows, from its pieces (trailing space excluded). */
const shownText = (line: SetLine) => line.pieces.map((p) => p.text).join("");

describe("Knuth–Plass always returns", () => {
  const letters = "بتثجحخسشصضطظعغفقكلمنهي";
  const longWord = Array.from({ length: 3000 }, (_, i) => letters[i % letters.length]).join("");

  it("cuts one 3,000-letter word into lines of a narrow measure", () => {
    const lines = setParagraph(prepare(longWord), justified(40));
    expect(lines.length).toBeGreaterThan(50);
    expect(lines.map(shownText).join("")).toBe(longWord);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(40 + 1e-6);
    expect(lines.at(-1)?.last).toBe(true);
    expect(lines.filter((l) => l.last).length).toBe(1);
  });

  it("falls back to first-fit when a word wider than the measure was not split", () => {
    const prepared = prepare(`قال ${longWord} ثم`);
    const ranges = breakLinesOptimal(prepared.pieces, () => 40, {
      justification: DEFAULT_JUSTIFICATION,
    });
    expect(ranges.map((r) => [r.start, r.end])).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
  });

  it("sets an empty paragraph, and one of white space only, without lines of text", () => {
    expect(setParagraph(prepare(""), justified(100))).toEqual([]);
    expect(breakLinesOptimal([], () => 100, { justification: DEFAULT_JUSTIFICATION })).toEqual([]);
    for (const text of ["   ", "\n"]) {
      const lines = setParagraph(prepare(text), justified(100));
      expect(lines.flatMap((l) => l.pieces)).toEqual([]);
    }
  });

  it("sets a one-word paragraph as one flush, unstretched line", () => {
    const prepared = prepare("مستشفيات");
    const lines = setParagraph(prepared, justified(100));
    expect(lines.length).toBe(1);
    expect(lines[0]?.last).toBe(true);
    expect(lines[0]?.width).toBeCloseTo(prepared.pieces[0]?.width ?? -1, 9);
    expect(lines[0]?.pieces.filter(stretched)).toEqual([]);
  });

  it("ends a line at every hard break and does not stretch it", () => {
    const text =
      "قال الوزير\nإن المباحثات كانت مثمرة جدا في كافة المجالات خاصة الطاقة والتعاون العسكري\n\nنهاية";
    const lines = setParagraph(prepare(text), justified(100));
    const texts = lines.map(shownText);
    expect(texts[0]).toBe("قال الوزير");
    expect(texts.at(-1)).toBe("نهاية");
    expect(texts.join(" ").replace(/\s+/gu, " ")).toBe(text.replace(/\s+/gu, " "));
    for (const line of lines) {
      const endsSegment = line.last;
      if (endsSegment) {
        expect(line.width).toBeLessThanOrEqual(100 + EPS);
        expect(line.pieces.filter((p) => p.naturalWidth !== undefined)).toEqual([]);
      } else {
        expect(line.width).toBeCloseTo(100, 6);
      }
    }
    // The first line, the end of the middle sentence, the empty line and the last one.
    expect(lines.filter((l) => l.last).length).toBe(4);
    expect(lines[0]?.last).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Total fit against first fit

describe("Knuth–Plass against first-fit on the seed's paragraphs", () => {
  const { body: bodyStyle, lead } = template.styles;
  const columnWidth =
    (template.page.width -
      template.margins.left -
      template.margins.right -
      (template.columns.count - 1) * template.columns.gutter) /
    template.columns.count;
  const options = {
    color: template.colors.text,
    fallbacks: template.fallbacks,
    align: "justify" as const,
    justification: template.justify,
    direction: "rtl" as const,
  };

  /** Each body paragraph as compose sets it: the first opens with the dateline in the lead style. */
  const paragraphs = article.body.map((text, i) => {
    const prefix = i === 0 && article.dateline ? `${article.dateline} – ` : "";
    const spans: StyledSpan[] = prefix
      ? [
          { start: 0, end: prefix.length, style: textStyle(lead, options) },
          {
            start: prefix.length,
            end: prefix.length + text.length,
            style: textStyle(bodyStyle, options),
          },
        ]
      : [{ start: 0, end: text.length, style: textStyle(bodyStyle, options) }];
    return {
      prepared: prepareParagraph({ text: prefix + text, spans, direction: "rtl" }),
      firstIndent: i === 0 ? 0 : bodyStyle.size,
    };
  });

  /** Sum over non-last lines of (space ratio − 1)²: how far spaces stray from natural. */
  const cost = (lines: readonly SetLine[]) =>
    lines
      .filter((l) => !l.last)
      .reduce((sum, l) => {
        const glue = l.pieces.filter((p) => p.kind === "glue");
        if (glue.length === 0) return sum;
        const actual = glue.reduce((s, p) => s + p.width, 0);
        const natural = glue.reduce((s, p) => s + (p.naturalWidth ?? p.width), 0);
        return sum + (actual / natural - 1) ** 2;
      }, 0);

  it("lays the body out in the template's columns", () => {
    const widths = new Set(
      layouts.hybrid.pages.flatMap((p) =>
        p.blocks.filter((b) => b.kind === "body").map((b) => b.width.toFixed(6)),
      ),
    );
    expect([...widths]).toEqual([columnWidth.toFixed(6)]);
  });

  for (const mode of ["hybrid", "spacing"] as const) {
    it(`${mode}: total-fit spaces are never worse than first-fit's`, () => {
      const greedy = { ...defaultEngines, breakLines: breakLinesGreedy };
      let totalKp = 0;
      let totalGreedy = 0;
      const rows: string[] = [];
      paragraphs.forEach(({ prepared, firstIndent }, i) => {
        const setting: ParagraphSetting = {
          measure: columnWidth,
          firstIndent,
          justification: { ...template.justify, mode },
          justify: true,
        };
        const kp = setParagraph(prepared, setting);
        const ff = setParagraph(prepared, setting, greedy);
        for (const lines of [kp, ff]) {
          for (const [n, line] of lines.entries())
            if (!line.last)
              expect(line.width).toBeCloseTo(columnWidth - (n === 0 ? firstIndent : 0), 6);
        }
        const a = cost(kp);
        const b = cost(ff);
        rows.push(
          `¶${i}: KP ${kp.length} lines ${a.toFixed(3)}, first-fit ${ff.length} lines ${b.toFixed(3)}`,
        );
        expect(a, `paragraph ${i}`).toBeLessThanOrEqual(b + 1e-9);
        totalKp += a;
        totalGreedy += b;
      });
      console.log(
        `${mode}: Σ(ratio−1)² KP ${totalKp.toFixed(3)} vs first-fit ${totalGreedy.toFixed(3)}\n${rows.join("\n")}`,
      );
      expect(totalKp).toBeLessThan(totalGreedy);
    });
  }
});

describe("a paragraph set in a given number of lines (for column balancing)", () => {
  const t = loadTemplate("tabloid-4col");
  const measure =
    (t.page.width - t.margins.left - t.margins.right - (t.columns.count - 1) * t.columns.gutter) /
    t.columns.count;
  const options = {
    color: t.colors.text,
    fallbacks: t.fallbacks,
    align: "justify" as const,
    justification: t.justify,
    direction: "rtl" as const,
  };

  it("finds a setting a line longer in a looser pass when the best one is tight", async () => {
    // A league round-up paragraph on tabloid-4col: its best setting has six lines; seven are
    // there only past the first pass's ratio of 1 (their spaces reach 1.66x: balancing judges).
    const league = await readArticleFile("test/fixtures/articles/league-roundup.md");
    const text = league.body[5] as string;
    const prepared = prepareParagraph({
      text,
      spans: [{ start: 0, end: text.length, style: textStyle(t.styles.body, options) }],
      direction: "rtl",
    });
    const setting: ParagraphSetting = {
      measure,
      firstIndent: t.styles.body.size,
      justification: t.justify,
      justify: true,
    };
    const best = setParagraph(prepared, setting);
    const longer = setParagraph(prepared, { ...setting, lines: best.length + 1 });
    expect(longer).toHaveLength(best.length + 1);
    const words = (lines: readonly SetLine[]) =>
      lines.flatMap((l) => l.pieces.filter((p) => p.kind === "box").map((p) => p.text)).join(" ");
    expect(words(longer)).toBe(words(best));
    for (const [n, line] of longer.entries())
      if (!line.last)
        expect(line.width).toBeCloseTo(measure - (n === 0 ? t.styles.body.size : 0), 6);
    // No setting has one line: the paragraph's own best setting comes back.
    expect(setParagraph(prepared, { ...setting, lines: 1 })).toHaveLength(best.length);
  });
});
