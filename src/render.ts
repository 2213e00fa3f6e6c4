import type { Article } from "./article/model.js";
import { readArticleFile } from "./article/parse.js";
import { SahifaError, toSahifaError } from "./errors.js";
import { layoutArticle as composeLayout, type LayoutOptions } from "./layout/compose.js";
import type { Layout } from "./layout/types.js";
import { checkOutputPath, writeFileAtomic } from "./output.js";
import { writePdf } from "./pdf/writePdf.js";

/** How an article is laid out, and what happens to text the template's fonts cannot draw. */
export interface LayoutArticleOptions extends LayoutOptions {
  /**
   * Called once per article with a one-line message when something is off but rendering goes
   * on (characters no font has are drawn as the font's empty box). Default: ignored.
   */
  onWarning?: (message: string) => void;
  /** Turn warnings into errors: SahifaError("INPUT_INVALID"). */
  strict?: boolean;
  /** Names the article in warnings and errors (renderFile passes the input path). */
  fileName?: string;
}

/** What the PDF is for: archives (PDF/A) and the press (bleed, crop marks, CMYK). */
export interface OutputOptions {
  /** Archival PDF/A-2, "2b" or "2a" (sahifa's PDFs are always tagged). */
  pdfa?: "2b" | "2a";
  /** Bleed around the page, mm: the sheet grows, TrimBox stays the page. */
  bleed?: number;
  /** Crop marks outside the bleed. */
  cropMarks?: boolean;
  /** Text and rules in DeviceCMYK, black text as K only. Not with PDF/A. */
  cmyk?: boolean;
}

export interface RenderOptions extends LayoutArticleOptions, OutputOptions {
  /** Overrides the creation date written to the PDF (default: the article's date, else 2000-01-01). */
  creationDate?: Date;
}

export interface RenderFileOptions extends RenderOptions {
  /** Values that win over what the file says (like the CLI's --headline). */
  overrides?: Partial<Article>;
}

/** What renderFile did. */
export interface RenderResult {
  input: string;
  output: string;
  pages: number;
  bytes: number;
  /** Characters no font of the template has (drawn as empty boxes), in order of appearance. */
  missing: string[];
}

/** At most this many missing characters are listed in a message. */
const MAX_LISTED = 24;

/** A character as a message shows it: itself when visible, else its code point. */
function showChar(char: string): string {
  const cp = char.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(char) ? char : hex;
}

/** The one-line message about characters no font has, e.g. "story.md: 3 characters have…". */
export function missingGlyphsMessage(fileName: string, missing: readonly string[]): string {
  const n = missing.length;
  const listed = missing.slice(0, MAX_LISTED).map(showChar).join(" ");
  const more = n > MAX_LISTED ? ` … and ${n - MAX_LISTED} more` : "";
  const what = n === 1 ? "1 character has" : `${n} characters have`;
  return `${fileName}: ${what} no glyph in the template's fonts: ${listed}${more}`;
}

/** Warns once about the characters no font has, or throws when `strict`. */
function checkCoverage(layout: Layout, options: LayoutArticleOptions): void {
  const missing = [...new Set(layout.missing)];
  if (missing.length === 0) return;
  const message = missingGlyphsMessage(options.fileName ?? "<input>", missing);
  if (options.strict) throw new SahifaError("INPUT_INVALID", `${message} (strict)`);
  options.onWarning?.(message);
}

/**
 * Lays out an article on newspaper pages (see LayoutOptions for the template), reporting
 * characters that none of the template's fonts has through `onWarning`, or as an error with
 * `strict`.
 */
export function layoutArticle(article: Article, options: LayoutArticleOptions = {}): Layout {
  const layout = composeLayout(article, options);
  checkCoverage(layout, options);
  return layout;
}

/**
 * The PDF's dates come from the article, else from SOURCE_DATE_EPOCH, never from the clock, so
 * the same input gives the same bytes.
 */
function creationDateOf(article: Article, options: RenderOptions): Date {
  if (options.creationDate) return options.creationDate;
  if (article.date) return new Date(`${article.date}T00:00:00Z`);
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(Date.UTC(2000, 0, 1));
}

/** Draws an article already laid out by layoutArticle: the PDF's bytes. */
export async function renderLayout(
  layout: Layout,
  article: Article,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const subject = article.subheadline ?? article.kicker;
  const keywords = [article.kicker, article.dateline].filter(Boolean).join(", ");
  return writePdf(layout, {
    creationDate: creationDateOf(article, options),
    ...(article.byline ? { author: article.byline } : {}),
    ...(subject ? { subject } : {}),
    ...(keywords ? { keywords } : {}),
    ...(options.pdfa ? { pdfa: options.pdfa } : {}),
    ...(options.bleed ? { bleed: options.bleed } : {}),
    ...(options.cropMarks ? { cropMarks: true } : {}),
    ...(options.cmyk ? { cmyk: true } : {}),
  });
}

/** Lays out and draws an article: the PDF's bytes. */
export async function renderArticle(
  article: Article,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  return renderLayout(layoutArticle(article, options), article, options);
}

/** Errors of a template the article itself names (`template:`) also name the article. */
function withArticleTemplate<T>(
  input: string,
  article: Article,
  options: RenderOptions,
  run: () => T,
): T {
  try {
    return run();
  } catch (error) {
    const own = options.template === undefined && article.template !== undefined;
    if (own && error instanceof SahifaError && !error.message.startsWith(`${input}:`)) {
      const problem = error.message.replace(`${article.template}: `, "");
      const message = `${input}: template "${article.template}": ${problem}`;
      throw new SahifaError(error.code, message, { cause: error });
    }
    throw error;
  }
}

/**
 * Reads an article file, renders it and writes the PDF whole or not at all: when anything
 * fails, no file is created and an existing `output` is left as it was. Errors are
 * SahifaErrors whose message names the file (code "INTERNAL" for anything unexpected).
 */
export async function renderFile(
  input: string,
  output: string,
  options: RenderFileOptions = {},
): Promise<RenderResult> {
  try {
    await checkOutputPath(output, input);
    const article = await readArticleFile(input, options.overrides);
    const layoutOptions = { ...options, fileName: options.fileName ?? input };
    const layout = withArticleTemplate(input, article, options, () =>
      layoutArticle(article, layoutOptions),
    );
    const pdf = await renderLayout(layout, article, layoutOptions);
    await writeFileAtomic(output, pdf);
    return {
      input,
      output,
      pages: layout.pages.length,
      bytes: pdf.byteLength,
      missing: [...new Set(layout.missing)],
    };
  } catch (error) {
    throw toSahifaError(error, input);
  }
}
