/** A page plan read, laid out and drawn: its articles and their photos, then one PDF. */
import { dirname } from "node:path";
import type { Article } from "../article/model.js";
import { readArticleFile } from "../article/parse.js";
import { SahifaError, toSahifaError } from "../errors.js";
import type { ArticlePhotos } from "../image/types.js";
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

export interface LayoutPageOptions
  extends LayoutPlanOptions,
    Omit<LayoutArticleOptions, "template" | "photos" | "digits"> {}

/** Lays out a plan, warning (or failing, with `strict`) as an article's layout does, and about empty space. */
export function layoutPage(matter: PlanMatter, options: LayoutPageOptions = {}): Layout {
  const layout = layoutPlan(matter, options);
  const template = planTemplate(matter.plan, options);
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

export interface RenderPageFileOptions extends RenderOptions {}

/** Reads a plan file, makes up its pages and writes the PDF whole or not at all. */
export async function renderPageFile(
  input: string,
  output: string,
  options: RenderPageFileOptions = {},
): Promise<RenderResult & { stories: number }> {
  try {
    await checkOutputPath(output, input);
    const plan = await readPlanFile(input);
    if (plan.stories.some((s) => s.article === output)) {
      throw new SahifaError(
        "USAGE",
        `${input}: the output ${output} is one of the plan's articles`,
      );
    }
    const matter = await loadPlanMatter(plan, options);
    const { template, digits, ...rest } = options;
    const layout = layoutPage(matter, {
      ...rest,
      ...(template !== undefined ? { template } : {}),
      ...(digits !== undefined ? { digits } : {}),
      fileName: options.fileName ?? input,
    });
    const pdf = await renderPageLayout(layout, plan, options);
    await writeFileAtomic(output, pdf);
    return {
      input,
      output,
      pages: layout.pages.length,
      bytes: pdf.byteLength,
      missing: [...new Set(layout.missing)],
      photos: layout.photos.map((p) => p.path),
      stories: plan.stories.length,
    };
  } catch (error) {
    throw toSahifaError(error, input);
  }
}
