/**
 * One render of `sahifa serve`: an article sent in a request, laid out and drawn. It runs in a
 * worker thread of the render pool (renderWorker.ts), which keeps fonts, shaping caches and
 * templates warm across requests. Everything it reads comes from the task: the template is a
 * shipped one, picked by name, and photos are the bytes the request carried.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join } from "node:path";
import type { Article } from "../article/model.js";
import { type ArticleFormat, parseArticle } from "../article/parse.js";
import { layoutToJson } from "../cli/layout.js";
import { SahifaError, type SahifaErrorCode, toSahifaError } from "../errors.js";
import { listTemplates, loadTemplate, type Template } from "../layout/template.js";
import {
  layoutArticle,
  loadArticlePhotos,
  type OutputOptions,
  renderArticlePages,
} from "../render.js";

/** What a request asks for. */
export interface RenderTask {
  want: "pdf" | "layout";
  article: { bytes: Uint8Array; format: ArticleFormat; fileName: string };
  /** A shipped template's name; without it, the article's own (also a name), else a4-3col. */
  template?: string;
  output: OutputOptions;
  /** The photo files of the request by file name, with an empty folder of its own to put them in. */
  photos?: { dir: string; files: Record<string, Uint8Array> };
}

export type RenderTaskResult =
  | { ok: true; pages: number; warnings: string[]; pdf?: Uint8Array; layoutJson?: string }
  | { ok: false; code: SahifaErrorCode; message: string };

/** Deeper JSON than any article needs; the JSON error locator would run out of stack on it. */
const MAX_JSON_DEPTH = 64;

function jsonDepth(bytes: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c) i++;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (b === 0x5d || b === 0x7d) depth--;
  }
  return deepest;
}

let shippedNames: Set<string> | undefined;
const templates = new Map<string, Template>();

/** A shipped template by name; anything else (a path above all) is refused. */
function shippedTemplate(name: string, fileName: string, own: boolean): Template {
  shippedNames ??= new Set(listTemplates().map((t) => t.name));
  if (!shippedNames.has(name)) {
    const shown = JSON.stringify(name.slice(0, 64));
    const known = [...shippedNames].join(", ");
    const where = own ? `${fileName}: template ${shown}` : `template ${shown}`;
    throw new SahifaError("TEMPLATE_INVALID", `${where}: unknown template (known: ${known})`);
  }
  let template = templates.get(name);
  if (!template) {
    template = loadTemplate(name);
    templates.set(name, template);
  }
  return template;
}

/** A photo path that stays inside the article's folder: relative, no "..", no NUL. */
function isInside(src: string): boolean {
  if (isAbsolute(src) || src.includes("\0") || src.includes("\\")) return false;
  return src.split("/").every((part) => part !== ".." && part !== "");
}

/**
 * Puts each photo the article names where it looks for it, from the request's file of the same
 * name ("photos/coffee.jpg" is the file sent as coffee.jpg, as curl sends it).
 */
async function placePhotos(article: Article, task: RenderTask): Promise<void> {
  const fileName = task.article.fileName;
  const sources = [article.photo, ...(article.photos ?? [])].flatMap((p) => (p ? [p.src] : []));
  for (const src of sources) {
    const problem = (code: SahifaErrorCode, what: string) =>
      new SahifaError(code, `${fileName}: photo ${JSON.stringify(src)}: ${what}`);
    if (!isInside(src))
      throw problem("INPUT_INVALID", "a photo must be inside the article's folder");
    const bytes = task.photos?.files[basename(src)];
    if (!bytes || !task.photos) {
      throw problem(
        "INPUT_NOT_FOUND",
        "not in the request (send it as a file of the multipart form)",
      );
    }
    const path = join(task.photos.dir, src);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes, { flag: "wx" }).catch((cause: NodeJS.ErrnoException) => {
      // The same photo named twice is already there.
      if (cause.code !== "EEXIST") throw cause;
    });
  }
}

async function render(task: RenderTask, warnings: string[]): Promise<RenderTaskResult> {
  const { bytes, format, fileName } = task.article;
  if (format === "json" && jsonDepth(bytes) > MAX_JSON_DEPTH) {
    throw new SahifaError(
      "INPUT_INVALID",
      `${fileName}: invalid JSON: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  const article = parseArticle(bytes, { format, fileName });
  const own = task.template === undefined && article.template !== undefined;
  const template = shippedTemplate(task.template ?? article.template ?? "a4-3col", fileName, own);
  await placePhotos(article, task);
  const photos = await loadArticlePhotos(article, {
    fileName,
    confinePhotos: true,
    ...(task.photos ? { photoDir: task.photos.dir } : {}),
  });
  const options = { template, photos, fileName, onWarning: (m: string) => warnings.push(m) };
  if (task.want === "layout") {
    const layout = layoutArticle(article, options);
    const json = JSON.stringify(layoutToJson(layout));
    return { ok: true, pages: layout.pages.length, warnings, layoutJson: json };
  }
  // A page at a time: a long article (the body limit allows 10 MB) never holds its whole layout.
  const { pdf, pages } = await renderArticlePages(article, { ...options, ...task.output });
  return { ok: true, pages, warnings, pdf };
}

/** A message without the server's temporary folder in it (paths in it read as the request's). */
function withoutFolder(message: string, dir: string | undefined): string {
  return dir ? message.replaceAll(`${dir}/`, "").replaceAll(dir, ".") : message;
}

/** Renders one request's article; never throws (errors cross the thread boundary as data). */
export async function renderTask(task: RenderTask): Promise<RenderTaskResult> {
  const warnings: string[] = [];
  try {
    return await render(task, warnings);
  } catch (error) {
    const e = toSahifaError(error, task.article.fileName);
    return { ok: false, code: e.code, message: withoutFolder(e.message, task.photos?.dir) };
  }
}
