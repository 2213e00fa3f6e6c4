import { dirname } from "node:path";
import type { Article } from "./article/model.js";
import { readArticleFile } from "./article/parse.js";
import { SahifaError, toSahifaError } from "./errors.js";
import type { EncodeRequest } from "./image/encode.js";
import type { ArticlePhotos, EncodedImage, PhotoSource } from "./image/types.js";
import {
  articlePages,
  layoutArticle as composeLayout,
  type LayoutOptions,
  templateOf,
} from "./layout/compose.js";
import type { Template } from "./layout/template.js";
import { isPhotoBlock, type Layout, type PhotoBlock } from "./layout/types.js";
import { checkOutputPath, writeStreamAtomic } from "./output.js";
import { articleElements, articleStructure } from "./pdf/structure.js";
import { type PdfOptions, type PictureOf, writePages, writePdf } from "./pdf/writePdf.js";

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

/** Where an article's photos are found, and how far a path in it may reach. */
export interface PhotoOptions {
  /** The folder relative photo paths start from: default the article file's, else the working folder. */
  photoDir?: string;
  /**
   * Refuse photos outside `photoDir` (an absolute path, "..", a link out of it): for any
   * service that renders articles it did not write. The command line trusts its user.
   */
  confinePhotos?: boolean;
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

export interface RenderOptions extends LayoutArticleOptions, OutputOptions, PhotoOptions {
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
  /** The photo files the PDF was made from. */
  photos: string[];
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

/** Warns once about the photos printed under the template's minimum resolution, or throws when `strict`. */
function checkResolution(
  photos: readonly PhotoBlock[],
  minPpi: number,
  options: LayoutArticleOptions,
): void {
  const low = new Map<string, number>();
  for (const block of photos) {
    if (block.ppi < minPpi)
      low.set(block.src, Math.min(low.get(block.src) ?? Number.POSITIVE_INFINITY, block.ppi));
  }
  if (low.size === 0) return;
  const list = [...low].map(([src, ppi]) => `${src} (${Math.floor(ppi)} ppi)`).join(", ");
  const what = low.size === 1 ? "photo prints" : "photos print";
  const message = `${options.fileName ?? "<input>"}: ${what} under ${minPpi} ppi and will look soft: ${list}`;
  if (options.strict) throw new SahifaError("INPUT_INVALID", `${message} (strict)`);
  options.onWarning?.(message);
}

/** Warns once about the characters no font has, or throws when `strict`. */
function checkCoverage(missingChars: readonly string[], options: LayoutArticleOptions): void {
  const missing = [...new Set(missingChars)];
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
  const template = templateOf(article, options);
  const layout = composeLayout(article, { ...options, template });
  checkLayout(layout, template.photos.minPpi, options);
  return layout;
}

/** A layout's warnings, or errors with `strict`: characters no font has, photos printed soft. */
export function checkLayout(layout: Layout, minPpi: number, options: LayoutArticleOptions): void {
  checkCoverage(layout.missing, options);
  const photos = layout.pages.flatMap((page) => page.blocks.filter(isPhotoBlock));
  checkResolution(photos, minPpi, options);
}

/**
 * Reads the article's photos (none: nothing is loaded, and sharp is never imported). Relative
 * paths start at `photoDir`.
 */
export async function loadArticlePhotos(
  article: Article,
  options: PhotoOptions & { fileName?: string } = {},
): Promise<ArticlePhotos> {
  if (!article.photo && !article.photos?.length) return { inText: [] };
  const { loadPhotos } = await import("./image/load.js");
  return loadPhotos(article, {
    ...(options.photoDir !== undefined ? { baseDir: options.photoDir } : {}),
    ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
    ...(options.confinePhotos ? { confine: true } : {}),
  });
}

/**
 * The pictures photo blocks draw (none without photos: sharp is never imported), each cut,
 * resampled and converted once: blocks that show the same part of the same photo at the same
 * size share one, and the photo memo keeps a picture that other renders in this process ask
 * for again.
 */
function photoEncoder(
  photos: readonly PhotoSource[],
  options: OutputOptions & { fileName?: string },
): PictureOf | undefined {
  if (photos.length === 0) return undefined;
  const color: EncodeRequest["color"] = options.cmyk ? "cmyk" : "rgb";
  const made = new Map<string, Promise<EncodedImage>>();
  return (block) => {
    const { crop, embedded } = block;
    const source = photos[block.photo];
    if (!source) throw new Error(`photo ${block.photo} is not in the layout`);
    const key = JSON.stringify([source.path, crop, embedded]);
    let image = made.get(key);
    if (!image) {
      image = Promise.all([import("./image/encode.js"), import("./image/memo.js")])
        .then(([{ encodePhoto }, { encodedPicture, pictureDigest }]) => {
          const request = { crop, ...embedded, color };
          const digest = source.digest ?? pictureDigest(source.bytes);
          // The flags too: a PhotoSource made by hand may say them otherwise than its bytes.
          const asked = [request, source.grey, source.alpha, source.lineArt];
          return encodedPicture(digest, asked, () => encodePhoto(source, request));
        })
        .catch((cause: unknown) => {
          const problem = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
          throw new SahifaError(
            "INPUT_INVALID",
            `${options.fileName ?? "<input>"}: photo ${JSON.stringify(block.src)}: the image cannot be decoded (${problem})`,
            { cause },
          );
        });
      made.set(key, image);
    }
    return image;
  };
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
  return renderLayoutWith(layout, { ...options, ...articleInfo(article, options) });
}

/** An article's metadata in the PDF. */
function articleInfo(article: Article, options: RenderOptions): DocumentInfo {
  const subject = article.subheadline ?? article.kicker;
  const keywords = [article.kicker, article.dateline].filter(Boolean).join(", ");
  return {
    creationDate: creationDateOf(article, options),
    ...(article.byline ? { author: article.byline } : {}),
    ...(subject ? { subject } : {}),
    ...(keywords ? { keywords } : {}),
  };
}

/** The document's metadata: an article's, or a page plan's. */
export interface DocumentInfo {
  creationDate?: Date;
  author?: string;
  subject?: string;
  keywords?: string;
}

/** The PDF writer's options: the metadata (a layout in `lang`), and what the PDF is for. */
function pdfOptionsOf(options: OutputOptions & DocumentInfo, lang: string): PdfOptions {
  return {
    creationDate: options.creationDate ?? creationDateOf({ lang, headline: "", body: [] }, {}),
    ...(options.author ? { author: options.author } : {}),
    ...(options.subject ? { subject: options.subject } : {}),
    ...(options.keywords ? { keywords: options.keywords } : {}),
    ...(options.pdfa ? { pdfa: options.pdfa } : {}),
    ...(options.bleed ? { bleed: options.bleed } : {}),
    ...(options.cropMarks ? { cropMarks: true } : {}),
    ...(options.cmyk ? { cmyk: true } : {}),
  };
}

/** Draws a layout with the given metadata: the PDF's bytes. */
export async function renderLayoutWith(
  layout: Layout,
  options: OutputOptions & DocumentInfo & { fileName?: string },
): Promise<Uint8Array> {
  return writePdf(layout, pdfOptionsOf(options, layout.lang), photoEncoder(layout.photos, options));
}

/** Lays out and draws an article, its photos loaded unless `photos` gives them: the PDF's bytes. */
export async function renderArticle(
  article: Article,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  return (await renderArticlePages(article, options)).pdf;
}

/**
 * renderArticle, and how many pages it drew. Like renderFile, it lays out a page at a time and
 * keeps only the page being drawn, so a long article takes memory for its text and its PDF's
 * bytes, not for its whole layout.
 */
export async function renderArticlePages(
  article: Article,
  options: RenderOptions = {},
): Promise<{ pdf: Uint8Array; pages: number }> {
  const photos = options.photos ?? (await loadArticlePhotos(article, options));
  const template = templateOf(article, options);
  const { pdf, result } = await drawArticle(article, { ...options, photos, template });
  return { pdf, pages: result.pages };
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
 * SahifaErrors whose message names the file (code "INTERNAL" for anything unexpected). The
 * pages go to the file as they are made, so a long article is never held whole.
 */
export async function renderFile(
  input: string,
  output: string,
  options: RenderFileOptions = {},
): Promise<RenderResult> {
  try {
    await checkOutputPath(output, input);
    return await writeStreamAtomic(output, async (sink) => {
      const { result } = await renderArticleFile(input, output, options, sink);
      return result;
    });
  } catch (error) {
    throw toSahifaError(error, input);
  }
}

/**
 * renderFile up to the PDF's bytes, written by the caller: `sahifa watch` throws away a render
 * whose article changed while it ran instead of writing it.
 */
export async function renderFileBytes(
  input: string,
  output: string,
  options: RenderFileOptions = {},
): Promise<{ pdf: Uint8Array; result: RenderResult }> {
  try {
    await checkOutputPath(output, input);
    return await renderArticleFile(input, output, options);
  } catch (error) {
    throw toSahifaError(error, input);
  }
}

/** Reads, lays out and draws an article file (see drawArticle). */
async function renderArticleFile(
  input: string,
  output: string,
  options: RenderFileOptions,
  sink?: (bytes: Uint8Array) => void,
): Promise<{ pdf: Uint8Array; result: RenderResult }> {
  const article = await readArticleFile(input, options.overrides);
  const fileName = options.fileName ?? input;
  const photos = await loadArticlePhotos(article, {
    ...options,
    fileName,
    photoDir: options.photoDir ?? dirname(input),
  });
  const template = withArticleTemplate(input, article, options, () => templateOf(article, options));
  const drawn = await drawArticle(article, { ...options, fileName, photos, template }, sink);
  return { pdf: drawn.pdf, result: { input, output, ...drawn.result } };
}

/**
 * Lays out and draws an article, its bytes to `sink` as they are made (else returned): each
 * page is drawn as the layout makes it (see articlePages), so a long article is never held
 * whole. Warnings (or errors, with `strict`) come once the pages are drawn.
 */
async function drawArticle(
  article: Article,
  options: RenderOptions & { template: Template; photos: ArticlePhotos },
  sink?: (bytes: Uint8Array) => void,
): Promise<{ pdf: Uint8Array; result: Omit<RenderResult, "input" | "output"> }> {
  const stream = articlePages(article, options);
  let pages = 0;
  let bytes = 0;
  const shown: PhotoBlock[] = [];
  const chunks: Uint8Array[] = [];
  const counted = function* () {
    for (const page of stream.pages) {
      pages++;
      shown.push(...page.blocks.filter(isPhotoBlock));
      yield page;
    }
  };
  const picture = photoEncoder(stream.photos, options);
  await writePages(
    {
      title: stream.title,
      lang: stream.lang,
      stories: false,
      pages: counted(),
      structure: (doc, first) =>
        articleStructure(doc, articleElements(first ? [first] : [], stream.flow)),
      ...(picture ? { picture } : {}),
    },
    pdfOptionsOf({ ...options, ...articleInfo(article, options) }, stream.lang),
    (chunk) => {
      bytes += chunk.byteLength;
      if (sink) sink(chunk);
      else chunks.push(chunk);
    },
  );
  const missing = [...new Set(stream.missing())];
  checkCoverage(missing, options);
  checkResolution(shown, options.template.photos.minPpi, options);
  const pdf = sink ? new Uint8Array(0) : new Uint8Array(Buffer.concat(chunks));
  return { pdf, result: { pages, bytes, missing, photos: stream.photos.map((p) => p.path) } };
}

/** What rendering `input` to `output` made: pages, bytes, missing characters, photo files. */
export function renderResult(
  input: string,
  output: string,
  layout: Layout,
  pdf: Uint8Array,
): RenderResult {
  return {
    input,
    output,
    pages: layout.pages.length,
    bytes: pdf.byteLength,
    missing: [...new Set(layout.missing)],
    photos: layout.photos.map((p) => p.path),
  };
}
