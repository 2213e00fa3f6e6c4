/**
 * A piscina worker of `sahifa batch`: renders one article file per task. Each worker thread
 * keeps its fonts (the font registry caches per thread), shaping caches and templates across
 * the files it renders.
 */
import { type SahifaErrorCode, toSahifaError } from "../errors.js";
import { loadTemplate, type Template } from "../layout/template.js";
import { type OutputOptions, renderFile } from "../render.js";
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
      /** The photo files the PDF was made from. */
      photos: string[];
      warnings: string[];
      ms: number;
    }
  | {
      ok: false;
      input: string;
      code: SahifaErrorCode;
      message: string;
      stack?: string;
      warnings: string[];
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
    const result = await renderFile(task.input, task.output, {
      ...(task.template ? { template: templateFor(task.template) } : {}),
      ...task.pdf,
      ...(task.digits ? { digits: task.digits } : {}),
      strict: task.strict,
      onWarning: (message) => warnings.push(message),
    });
    return {
      ok: true,
      input: task.input,
      output: task.output,
      pages: result.pages,
      photos: result.photos,
      warnings,
      ms: performance.now() - started,
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
    };
  }
}
