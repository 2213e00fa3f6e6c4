import type { Article } from "./article/model.js";
import { readArticleFile } from "./article/parse.js";
import { type LayoutOptions, layoutArticle } from "./layout/compose.js";
import { writeFileAtomic } from "./output.js";
import { writePdf } from "./pdf/writePdf.js";

export interface RenderOptions extends LayoutOptions {
  /** Overrides the creation date written to the PDF (default: the article's date, else 2000-01-01). */
  creationDate?: Date;
}

/** The PDF's dates come from the article (or SOURCE_DATE_EPOCH), never the clock, so output is reproducible. */
function creationDateOf(article: Article, options: RenderOptions): Date {
  if (options.creationDate) return options.creationDate;
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  if (article.date) return new Date(`${article.date}T00:00:00Z`);
  return new Date(Date.UTC(2000, 0, 1));
}

/** Lays out and draws an article: the PDF's bytes. */
export async function renderArticle(
  article: Article,
  options: RenderOptions = {},
): Promise<Uint8Array> {
  const layout = layoutArticle(article, options);
  return writePdf(layout, {
    creationDate: creationDateOf(article, options),
    ...(article.byline ? { author: article.byline } : {}),
    ...(article.subheadline ? { subject: article.subheadline } : {}),
    ...(article.kicker ? { keywords: article.kicker } : {}),
  });
}

/** Reads an article file, renders it and writes the PDF whole or not at all. */
export async function renderFile(
  input: string,
  output: string,
  options: RenderOptions & { overrides?: Partial<Article> } = {},
): Promise<void> {
  const article = await readArticleFile(input, options.overrides);
  const pdf = await renderArticle(article, options);
  await writeFileAtomic(output, pdf);
}
