/**
 * A piscina worker of `sahifa batch` and `sahifa queue work`: renders one article file, or one
 * page plan, per task. Each worker thread keeps its fonts (the font registry caches per
 * thread), shaping caches and templates across the files it renders.
 */
import { threadId } from "node:worker_threads";
import { type SahifaErrorCode, toSahifaError } from "../errors.js";
import { loadTemplate, type Template } from "../layout/template.js";
import { isPlanPath } from "../makeup/plan.js";
import { renderPageFile } from "../makeup/render.js";
import { type OutputOptions, type RenderResult, renderFile } from "../render.js";
import type { DigitStyle } from "../text/digits.js";

export interface BatchTask {
  input: string;
  output: string;
  /** Template name or path; without it, the article's own template, else the default. */
  template?: string;
  strict: boolean;
  pdf: OutputOptions;
  digits?: DigitStyle;
}

export type BatchTaskResult =
  | {
      ok: true;
      input: string;
      output: string;
      pages: number;
      /** The files besides the input the PDF was made from: photos, and a plan's articles. */
      photos: string[];
      warnings: string[];
      ms: number;
      /** The thread that rendered it: 0 is the main thread. */
      thread: number;
    }
  | {
      ok: false;
      input: string;
      code: SahifaErrorCode;
      message: string;
      stack?: string;
      warnings: string[];
      ms?: number;
      thread?: number;
    };

const templates = new Map<string, Template>();

function templateFor(name: string): Template {
  let template = templates.get(name);
  if (!template) {
    template = loadTemplate(name);
    templates.set(name, template);
  }
  return template;
}

/** Renders one file; never throws (errors cross the thread boundary as data, code included). */
export default async function renderTask(task: BatchTask): Promise<BatchTaskResult> {
  const started = performance.now();
  const warnings: string[] = [];
  try {
    const options = {
      ...(task.template ? { template: templateFor(task.template) } : {}),
      ...task.pdf,
      ...(task.digits ? { digits: task.digits } : {}),
      strict: task.strict,
      onWarning: (message: string) => warnings.push(message),
    };
    let result: RenderResult;
    let used: string[];
    if (isPlanPath(task.input)) {
      const page = await renderPageFile(task.input, task.output, options);
      // A plan's PDF is out of date when one of its articles changes, as when a photo does.
      result = page;
      used = [...page.articles, ...page.photos];
    } else {
      result = await renderFile(task.input, task.output, options);
      used = result.photos;
    }
    return {
      ok: true,
      input: task.input,
      output: task.output,
      pages: result.pages,
      photos: used,
      warnings,
      ms: performance.now() - started,
      thread: threadId,
    };
  } catch (error) {
    const e = toSahifaError(error, task.input);
    const stack = e.cause instanceof Error ? e.cause.stack : e.stack;
    return {
      ok: false,
      input: task.input,
      code: e.code,
      message: e.message,
      ...(stack ? { stack } : {}),
      warnings,
      ms: performance.now() - started,
      thread: threadId,
    };
  }
}
