/** A page plan read, laid out and drawn: its articles and their photos, then one PDF. */
import { dirname, resolve } from "node:path";
import type { Article } from "../article/model.js";
import { readArticleFile } from "../article/parse.js";
import { SahifaError, toSahifaError } from "../errors.js";
import type { ArticlePhotos } from "../image/types.js";
import type { Template } from "../layout/template.js";
import type { Layout } from "../layout/types.js";
import { checkOutputPath, writeFileAtomic } from "../output.js";
import {
  checkLayout,
  type LayoutArticleOptions,
  loadArticlePhotos,
  type PhotoOptions,
  type RenderOptions,
  type RenderResult,
  renderLayoutWith,
  renderResult,
} from "../render.js";
import { type LayoutPlanOptions, layoutPlan, type PlanMatter, planTemplate } from "./compose.js";
import type { Plan } from "./model.js";
import { readPlanFile } from "./plan.js";

/** Names a story's file in messages as the plan does: "front.yaml: stories[1] (second.md): …". */
function inPlan(plan: Plan, index: number, error: unknown): SahifaError {
  const e = toSahifaError(error);
  const story = plan.stories[index];
  const name = `stories[${index}] (${story?.name ?? "?"})`;
  const problem = story ? e.message.replace(`${story.article}: `, "") : e.message;
  return new SahifaError(e.code, `${plan.file}: ${name}: ${problem}`, { cause: error });
}

/** Reads a plan's articles and loads their photos (relative paths from each article's folder). */
export async function loadPlanMatter(plan: Plan, options: PhotoOptions = {}): Promise<PlanMatter> {
  const articles: Article[] = [];
  const photos: ArticlePhotos[] = [];
  for (const [i, story] of plan.stories.entries()) {
    try {
      const article = await readArticleFile(story.article);
      articles.push(article);
      photos.push(
        await loadArticlePhotos(article, {
          ...options,
          photoDir: options.photoDir ?? dirname(story.article),
          fileName: story.article,
        }),
      );
    } catch (error) {
      throw inPlan(plan, i, error);
    }
  }
  return { plan, articles, photos };
}

/** The plan's template; errors of one the plan itself names (`template:`) also name the plan. */
function templateOfPlan(plan: Plan, options: LayoutPlanOptions): Template {
  try {
    return planTemplate(plan, options);
  } catch (error) {
    const own = options.template === undefined && plan.template !== undefined;
    if (own && error instanceof SahifaError && !error.message.startsWith(`${plan.file}:`)) {
      throw new SahifaError(error.code, `${plan.file}: template: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

export interface LayoutPageOptions
  extends LayoutPlanOptions,
    Omit<LayoutArticleOptions, "template" | "photos" | "digits"> {}

/** Lays out a plan, warning (or failing, with `strict`) as an article's layout does, and about empty space. */
export function layoutPage(matter: PlanMatter, options: LayoutPageOptions = {}): Layout {
  const template = templateOfPlan(matter.plan, options);
  const layout = layoutPlan(matter, { ...options, template });
  checkLayout(layout, template.photos.minPpi, {
    ...options,
    fileName: options.fileName ?? matter.plan.file,
  });
  for (const warning of layout.makeup?.warnings ?? []) {
    if (options.strict) throw new SahifaError("INPUT_INVALID", `${warning} (strict)`);
    options.onWarning?.(warning);
  }
  return layout;
}

/** Draws a plan already laid out: the PDF's bytes, dated by the plan. */
export function renderPageLayout(
  layout: Layout,
  plan: Plan,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const date = plan.date ? new Date(`${plan.date}T00:00:00Z`) : undefined;
  return renderLayoutWith(layout, {
    ...options,
    ...(options.creationDate || !date ? {} : { creationDate: date }),
    ...(plan.nameplate?.subtitle ? { subject: plan.nameplate.subtitle } : {}),
  });
}

export interface LayoutPlanFileOptions extends LayoutPageOptions, PhotoOptions {}

async function layoutOf(plan: Plan, input: string, options: LayoutPlanFileOptions) {
  const matter = await loadPlanMatter(plan, options);
  return layoutPage(matter, { ...options, fileName: options.fileName ?? input });
}

/** Reads a plan file and its articles and makes up its pages: the layout, before any PDF. */
export async function layoutPlanFile(
  input: string,
  options: LayoutPlanFileOptions = {},
): Promise<{ plan: Plan; layout: Layout }> {
  try {
    const plan = await readPlanFile(input);
    return { plan, layout: await layoutOf(plan, input, options) };
  } catch (error) {
    throw toSahifaError(error, input);
  }
}

export interface RenderPageFileOptions extends RenderOptions {}

/** What renderPageFile did: renderFile's result, and the plan's stories. */
export interface RenderPageResult extends RenderResult {
  stories: number;
  /** The article files the PDF was made from, in plan order. */
  articles: string[];
}

/** Reads a plan file, makes up its pages and writes the PDF whole or not at all. */
export async function renderPageFile(
  input: string,
  output: string,
  options: RenderPageFileOptions = {},
): Promise<RenderPageResult> {
  const { pdf, result } = await renderPageFileBytes(input, output, options);
  try {
    await writeFileAtomic(output, pdf);
  } catch (error) {
    throw toSahifaError(error, input);
  }
  return result;
}

/** renderPageFile up to the PDF's bytes, written by the caller (as renderFileBytes). */
export async function renderPageFileBytes(
  input: string,
  output: string,
  options: RenderPageFileOptions = {},
): Promise<{ pdf: Uint8Array; result: RenderPageResult }> {
  try {
    await checkOutputPath(output, input);
    const plan = await readPlanFile(input);
    if (plan.stories.some((s) => s.article === resolve(output))) {
      throw new SahifaError(
        "USAGE",
        `${input}: the output ${output} is one of the plan's articles`,
      );
    }
    const layout = await layoutOf(plan, input, options);
    const pdf = await renderPageLayout(layout, plan, options);
    const result = {
      ...renderResult(input, output, layout, pdf),
      stories: plan.stories.length,
      articles: plan.stories.map((s) => s.article),
    };
    return { pdf, result };
  } catch (error) {
    throw toSahifaError(error, input);
  }
}
