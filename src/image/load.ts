/** Photos of an article: found, checked and measured, with their captions, before layout. */
import { readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { Article, ArticlePhoto } from "../article/model.js";
import { SahifaError } from "../errors.js";
import { type EmbeddedCaption, readEmbeddedCaption } from "./caption.js";
import { type PictureFacts, pictureCaption, pictureDigest, pictureFacts } from "./memo.js";
import { MAX_PIXELS, openImage } from "./sharp.js";
import type { ArticlePhotos, PhotoSource } from "./types.js";

export interface LoadPhotosOptions {
  /** Where the article's relative paths start: its own folder. Default: the working folder. */
  baseDir?: string;
  /** Names the article in errors. */
  fileName?: string;
  /**
   * Refuse a photo outside `baseDir` (an absolute path, "..", or a link that leads out), as
   * any mode that renders untrusted input must. The command line trusts its user.
   */
  confine?: boolean;
}

/** Formats sahifa decodes; anything else (SVG, PDF, HEIF…) is refused by name. */
const FORMATS = new Set(["jpeg", "png", "webp", "tiff", "gif"]);
const FORMAT_NAMES = "JPEG, PNG, WebP, TIFF and GIF";
/** A file larger than this is not a news photo: refused before it is read. */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * A picture's most interesting point by libvips' attention measure (edges, skin tones,
 * saturation), as 0..1 of its upright size. It is found on a copy at most this wide: the point
 * moves by less than a pixel of the print, and a 50-megapixel picture would take a second.
 */
const ATTENTION_SIZE = 1024;

function photoError(
  code: "INPUT_INVALID" | "INPUT_NOT_FOUND",
  fileName: string,
  src: string,
  problem: string,
  cause?: unknown,
): SahifaError {
  const message = `${fileName}: photo ${JSON.stringify(src)}: ${problem}`.replace(/[\r\n]+/g, " ");
  return new SahifaError(code, message, cause === undefined ? undefined : { cause });
}

/** Why sharp refused a picture, in words. */
function decodeProblem(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  if (/pixel limit/i.test(text)) return "the picture is too large to decode safely";
  if (/unsupported image format/i.test(text))
    return "not an image (or a format sahifa cannot read)";
  if (/premature end|truncated|not enough data|read error|short read/i.test(text))
    return "the image is truncated";
  if (/corrupt header|bad header|not a png|not a jpeg/i.test(text))
    return "the image is corrupt: its header cannot be read";
  const detail = (text.split("\n")[0] ?? "").replace(/^\w+: ?/, "").replace(/[\s:.]+$/, "");
  return `the image is corrupt (${detail})`;
}

async function locate(photo: ArticlePhoto, options: LoadPhotosOptions, fileName: string) {
  const base = resolve(options.baseDir ?? ".");
  const path = resolve(base, photo.src);
  const fail = (problem: string, code: "INPUT_INVALID" | "INPUT_NOT_FOUND" = "INPUT_INVALID") =>
    photoError(code, fileName, photo.src, problem);
  if (options.confine) {
    const outside = (p: string, root: string) => {
      const r = relative(root, p);
      return r === ".." || r.startsWith(`..${sep}`) || isAbsolute(r);
    };
    if (isAbsolute(photo.src) || outside(path, base)) {
      throw fail("a photo must be inside the article's folder");
    }
    // A link inside the folder may still lead out of it.
    const real = await realpath(path).catch(() => path);
    const realBase = await realpath(base).catch(() => base);
    if (outside(real, realBase)) throw fail("a photo must be inside the article's folder");
  }
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw fail("is a folder, not an image");
    size = info.size;
  } catch (cause) {
    if (cause instanceof SahifaError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw fail("file not found", "INPUT_NOT_FOUND");
    if (code === "EACCES" || code === "EPERM") throw fail("permission denied", "INPUT_NOT_FOUND");
    throw fail(`cannot read it (${code ?? String(cause)})`, "INPUT_NOT_FOUND");
  }
  if (size === 0) throw fail("empty file, not an image");
  if (size > MAX_FILE_BYTES)
    throw fail(`${Math.round(size / 1048576)} MB is too large for a photo`);
  return { path, fail };
}

/** Reads one photo: its pixels' facts, its focus point, and its caption and credit. */
export async function loadPhoto(
  photo: ArticlePhoto,
  lang: string,
  options: LoadPhotosOptions = {},
): Promise<PhotoSource> {
  const fileName = options.fileName ?? "<input>";
  const { path, fail } = await locate(photo, options, fileName);
  const bytes = await readFile(path);
  const digest = pictureDigest(bytes);
  const [{ attention, ...facts }, embedded] = await Promise.all([
    pictureFacts(digest, () => findFacts(bytes, fileName, photo.src, fail)),
    photo.caption !== undefined && photo.credit !== undefined
      ? ({} as EmbeddedCaption)
      : pictureCaption(digest, lang, () => readEmbeddedCaption(bytes, lang)),
  ]);
  const fit = photo.fit ?? "cover";
  const focus = photo.focus ?? attention;
  const caption = photo.caption ?? embedded.caption;
  const credit = photo.credit ?? embedded.credit;
  const alt = photo.alt ?? caption;
  return {
    src: photo.src,
    path,
    bytes,
    digest,
    ...facts,
    focus,
    fit,
    ...(caption ? { caption } : {}),
    ...(credit ? { credit } : {}),
    ...(alt ? { alt } : {}),
    ...(photo.span !== undefined ? { span: photo.span } : {}),
    ...(photo.after !== undefined ? { after: photo.after } : {}),
  };
}

/**
 * What the bytes alone decide: the format and size from the header, the channels, and the
 * attention point, whose pass decodes the whole picture (shrunk on load), so that a truncated
 * or corrupt picture fails here, before layout, even when the article gives its own focus.
 */
async function findFacts(
  bytes: Uint8Array,
  fileName: string,
  src: string,
  fail: (problem: string) => SahifaError,
): Promise<PictureFacts> {
  let meta: import("sharp").Metadata;
  try {
    // The header alone, whatever size it declares: the size is checked below, by name.
    meta = await openImage(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw photoError("INPUT_INVALID", fileName, src, decodeProblem(cause), cause);
  }
  if (!meta.format || !FORMATS.has(meta.format)) {
    throw fail(`unsupported image format ${meta.format ?? "?"} (sahifa takes ${FORMAT_NAMES})`);
  }
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width * height > MAX_PIXELS) {
    throw fail(
      `${width} × ${height} pixels is too large to decode safely (at most ${MAX_PIXELS / 1e6} megapixels)`,
    );
  }
  if (width < 1 || height < 1) throw fail("the image has no pixels");
  const attention = await attentionPoint(bytes).catch((cause: unknown) => {
    throw photoError("INPUT_INVALID", fileName, src, decodeProblem(cause), cause);
  });
  const channels = meta.channels ?? 3;
  return {
    width,
    height,
    grey: meta.space === "b-w" || meta.space === "grey16" || channels <= 2,
    alpha: meta.hasAlpha === true,
    lineArt: meta.isPalette === true,
    attention,
  };
}

/** Decodes the picture and finds where to crop it. */
async function attentionPoint(bytes: Uint8Array): Promise<[number, number]> {
  const small = await openImage(bytes)
    .autoOrient()
    .resize(ATTENTION_SIZE, ATTENTION_SIZE, { fit: "inside", withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels } = small.info;
  if (w < 2 || h < 2) return [0.5, 0.5];
  // A crop narrower than the picture at its full height: no scaling, only the choice of where.
  const probe = await openImage(small.data, { raw: { width: w, height: h, channels } })
    .resize({
      width: Math.max(1, Math.floor(w * 0.75)),
      height: h,
      fit: "cover",
      position: "attention",
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const info = probe.info as { attentionX?: number; attentionY?: number };
  const x = (info.attentionX ?? w / 2) / w;
  const y = (info.attentionY ?? h / 2) / h;
  return [Math.min(1, Math.max(0, x)), Math.min(1, Math.max(0, y))];
}

/** Loads every photo of an article (none: an empty set), in the article's order. */
export async function loadPhotos(
  article: Article,
  options: LoadPhotosOptions = {},
): Promise<ArticlePhotos> {
  const [lead, ...inText] = await Promise.all([
    article.photo ? loadPhoto(article.photo, article.lang, options) : undefined,
    ...(article.photos ?? []).map((p) => loadPhoto(p, article.lang, options)),
  ]);
  return { ...(lead ? { lead } : {}), inText: inText as PhotoSource[] };
}
