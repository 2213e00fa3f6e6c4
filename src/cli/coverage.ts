/** How a template's fonts cover an article's characters: what `sahifa fonts` prints. */
import { basename } from "node:path";
import { formatDateStrip } from "../article/dateline.js";
import type { Article } from "../article/model.js";
import { hasCodePoint, loadFont } from "../fonts/registry.js";
import { choosePullQuote } from "../layout/pullQuote.js";
import type { Template } from "../layout/template.js";
import { fontFor } from "../text/fallback.js";

type StyleName = keyof Template["styles"];

/** Controls a font need not have (bidi marks and embeddings, joiners): never missing. */
const IGNORABLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]$/u;

/** Character classes, in the order the report lists them. */
const CLASSES: [name: string, test: RegExp][] = [
  ["Arabic letters", /^(?=\p{Script_Extensions=Arabic})\p{L}$/u],
  ["Arabic marks", /^(?=\p{Script_Extensions=Arabic})\p{M}$/u],
  ["Arabic-Indic digits", /^(?=\p{Script_Extensions=Arabic})\p{Nd}$/u],
  ["digits", /^\p{Nd}$/u],
  ["Latin letters", /^\p{Script=Latin}$/u],
  ["Hebrew", /^\p{Script=Hebrew}$/u],
  [
    "CJK",
    /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f]$/u,
  ],
  ["emoji", /^[\p{Extended_Pictographic}\p{Emoji_Component}]$/u],
  ["other marks", /^\p{M}$/u],
  ["format controls", /^[\p{Cf}\p{Cc}]$/u],
  ["punctuation", /^\p{P}$/u],
  ["symbols", /^\p{S}$/u],
  ["other letters", /^[\p{L}\p{N}]$/u],
  ["other", /^/u],
];

function classOf(char: string): string {
  if (/^[0-9#*]$/u.test(char)) return "digits"; // Emoji_Component includes these
  for (const [name, test] of CLASSES) if (test.test(char)) return name;
  return "other";
}

export interface ClassCoverage {
  class: string;
  count: number;
  characters: string;
  /** How many of them each font draws (by file name). */
  drawnBy: Record<string, number>;
  missing: string[];
}

export interface StyleCoverage {
  style: StyleName;
  /** What the style sets: "body", "headline", … */
  text: string;
  font: string;
  size: number;
  count: number;
  classes: ClassCoverage[];
  missing: string[];
}

export interface FontCoverage {
  article: string;
  template: string;
  templateFile: string;
  /** Distinct non-space characters of the article (and its date strip). */
  count: number;
  fonts: { font: string; path: string; roles: string[]; has: number }[];
  styles: StyleCoverage[];
  missing: string[];
}

function photoTexts(article: Article, key: "caption" | "credit"): string | undefined {
  const photos = [article.photo, ...(article.photos ?? [])];
  const texts = photos.map((p) => p?.[key]).filter((t): t is string => Boolean(t));
  return texts.length > 0 ? texts.join("\n") : undefined;
}

/** The text each style sets, as the layout uses them. */
function textsByStyle(article: Article): [StyleName, string, string][] {
  const strip = article.date
    ? formatDateStrip(article.dateline, article.date)
    : (article.dateline ?? "");
  const quote = choosePullQuote(article);
  const texts: [StyleName, string, string | undefined][] = [
    ["dateStrip", "date strip", strip],
    ["kicker", "kicker", article.kicker],
    ["headline", "headline", article.headline],
    ["subheadline", "subheadline", article.subheadline],
    ["byline", "byline", article.byline],
    ["lead", "dateline lead-in", article.dateline ? `${article.dateline} – ` : undefined],
    ["body", "body", article.body.join("\n")],
    ["pullQuote", "pull-quote", quote ? `«${quote}»` : undefined],
    ["source", "source", article.source],
    ["runningHead", "running head", `${article.headline} — تابع`],
    // As the article gives them; a caption read from the picture itself is checked at layout.
    ["caption", "photo captions", photoTexts(article, "caption")],
    ["credit", "photo credits", photoTexts(article, "credit")],
  ];
  return texts.filter((t): t is [StyleName, string, string] => Boolean(t[2]?.trim()));
}

const fileName = (path: string) => basename(path);

/** How the template's fonts cover an article's characters, style by style. */
export function fontCoverage(
  article: Article,
  template: Template,
  articleName: string,
): FontCoverage {
  const fallbacks = template.fallbacks.map(loadFont);
  const all = new Set<string>();
  const missingAll = new Set<string>();
  const styles: StyleCoverage[] = [];
  for (const [style, what, text] of textsByStyle(article)) {
    const s = template.styles[style];
    const primary = loadFont(s.font);
    const chars = [...new Set(Array.from(text).filter((c) => !/^\s$/u.test(c)))];
    const byClass = new Map<string, ClassCoverage>();
    const missing: string[] = [];
    for (const char of chars) {
      all.add(char);
      const name = classOf(char);
      let entry = byClass.get(name);
      if (!entry) {
        entry = { class: name, count: 0, characters: "", drawnBy: {}, missing: [] };
        byClass.set(name, entry);
      }
      entry.count++;
      entry.characters += char;
      const cp = char.codePointAt(0) ?? 0;
      const font = fontFor(cp, primary, fallbacks);
      if (font) {
        const key = fileName(font.path);
        entry.drawnBy[key] = (entry.drawnBy[key] ?? 0) + 1;
      } else if (!IGNORABLE.test(char)) {
        entry.missing.push(char);
        missing.push(char);
        missingAll.add(char);
      }
    }
    const order = CLASSES.map(([n]) => n);
    styles.push({
      style,
      text: what,
      font: fileName(s.font),
      size: s.size,
      count: chars.length,
      classes: [...byClass.values()].sort(
        (a, b) => order.indexOf(a.class) - order.indexOf(b.class),
      ),
      missing,
    });
  }
  const roles = new Map<string, string[]>();
  for (const [style, s] of Object.entries(template.styles)) {
    roles.set(s.font, [...(roles.get(s.font) ?? []), style]);
  }
  for (const f of template.fallbacks) roles.set(f, [...(roles.get(f) ?? []), "fallback"]);
  const fonts = [...roles].map(([path, r]) => {
    const font = loadFont(path);
    let has = 0;
    for (const char of all) if (hasCodePoint(font, char.codePointAt(0) ?? 0)) has++;
    return { font: fileName(path), path, roles: r, has };
  });
  return {
    article: articleName,
    template: template.name,
    templateFile: template.source,
    count: all.size,
    fonts,
    styles,
    missing: [...missingAll],
  };
}

/** A character for the terminal: itself if visible, else U+XXXX. */
function show(char: string): string {
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char)) return char;
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The coverage report as text. */
export function formatCoverage(c: FontCoverage): string {
  const out: string[] = [];
  const verdict =
    c.missing.length === 0 ? "all covered" : `${c.missing.length} without a glyph in any font`;
  out.push(`${c.article} on ${c.template}: ${c.count} distinct characters, ${verdict}`);
  out.push("");
  out.push("fonts (characters of the article each has):");
  const fw = Math.max(...c.fonts.map((f) => f.font.length));
  for (const f of c.fonts) {
    out.push(
      `  ${f.font.padEnd(fw)}  ${String(f.has).padStart(5)}/${c.count}  ${f.roles.join(", ")}`,
    );
  }
  for (const s of c.styles) {
    out.push("");
    out.push(`${s.text} (${s.style}: ${s.font}, ${s.size} pt): ${s.count} characters`);
    const cw = Math.max(...s.classes.map((k) => k.class.length));
    for (const k of s.classes) {
      const drawn = Object.entries(k.drawnBy)
        .map(([font, n]) => `${font} ${n}`)
        .join(", ");
      const missing =
        k.missing.length > 0 ? `missing ${k.missing.length}: ${k.missing.map(show).join(" ")}` : "";
      out.push(
        `  ${k.class.padEnd(cw)}  ${String(k.count).padStart(4)}  ${[drawn, missing].filter(Boolean).join("; ")}`,
      );
    }
  }
  if (c.missing.length > 0) {
    out.push("");
    out.push(`missing (no font of the template has them): ${c.missing.map(show).join(" ")}`);
  }
  return `${out.join("\n")}\n`;
}
