/**
 * sahifa: typeset Arabic news articles into print-ready newspaper pages.
 *
 *   const article = await readArticleFile("story.md");
 *   const pdf = await renderArticle(article, { template: "a4-3col" });
 */

export { formatDateStrip } from "./article/dateline.js";
export type { Article } from "./article/model.js";
export { parseArticle, readArticleFile } from "./article/parse.js";
export { SahifaError, type SahifaErrorCode } from "./errors.js";
export { type LayoutOptions, layoutArticle } from "./layout/compose.js";
export { listTemplates, loadTemplate, type Template } from "./layout/template.js";
export type { Block, BlockKind, Layout, LayoutLine, LayoutPage } from "./layout/types.js";
export { type RenderOptions, renderArticle, renderFile } from "./render.js";
export { createShaper, defaultShaper, type ShapeOptions, type Shaper } from "./text/shape.js";
export type { Glyph } from "./text/types.js";
