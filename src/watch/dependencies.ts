/**
 * The files a render reads, as absolute paths: what `sahifa watch` watches. Found by reading the
 * article (or the plan and its articles) again after each render rather than from the render
 * itself, so that a render that failed half-way (a photo not there yet) still names the files
 * whose change could mend it.
 */
import { dirname, resolve } from "node:path";
import type { Article } from "../article/model.js";
import { readArticleFile } from "../article/parse.js";
import { resolveTemplatePath, type Template } from "../layout/template.js";

/** What decides the files: the input, the template over its own and the article overrides. */
export interface DependencyOptions {
  template?: string | Template;
  overrides?: Partial<Article>;
}

/** A template name or path's file; one not found yet is watched where a path would put it. */
function templateFile(nameOrPath: string | Template): string {
  if (typeof nameOrPath === "object") return nameOrPath.source;
  try {
    return resolveTemplatePath(nameOrPath);
  } catch {
    return resolve(nameOrPath);
  }
}

/** The photo files an article names, from `dir` (its folder) as the renderer resolves them. */
function photoFiles(article: Article, dir: string): string[] {
  const photos = [...(article.photo ? [article.photo] : []), ...(article.photos ?? [])];
  return photos.map((p) => resolve(dir, p.src));
}

/**
 * The article's files: itself, its photos, its template. `undefined` when the article cannot
 * be read or parsed: the caller keeps the files it had.
 */
export async function articleDependencies(
  input: string,
  options: DependencyOptions = {},
  defaultTemplate = "a4-3col",
): Promise<string[] | undefined> {
  let article: Article;
  try {
    article = await readArticleFile(input, options.overrides);
  } catch {
    return undefined;
  }
  return [
    resolve(input),
    ...photoFiles(article, dirname(resolve(input))),
    templateFile(options.template ?? article.template ?? defaultTemplate),
  ];
}

/**
 * A plan's files: itself, its template, and each story's article with that article's photos
 * (a story that cannot be read still has its file watched). `undefined` when the plan itself
 * cannot be read.
 */
export async function planDependencies(
  input: string,
  options: DependencyOptions = {},
): Promise<string[] | undefined> {
  const { readPlanFile } = await import("../makeup/plan.js");
  let plan: Awaited<ReturnType<typeof readPlanFile>>;
  try {
    plan = await readPlanFile(input);
  } catch {
    return undefined;
  }
  const files = [
    resolve(input),
    templateFile(options.template ?? plan.template ?? "broadsheet-6col"),
  ];
  for (const story of plan.stories) {
    files.push(resolve(story.article));
    try {
      const article = await readArticleFile(story.article);
      files.push(...photoFiles(article, dirname(resolve(story.article))));
    } catch {
      // Mended by an edit to the article itself, which is watched.
    }
  }
  return files;
}
