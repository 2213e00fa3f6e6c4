/**
 * sahifa: typeset Arabic news articles into print-ready newspaper pages.
 *
 *   const article = await readArticleFile("story.md");   // or parseArticle(text, { format: "md" })
 *   const photos = await loadArticlePhotos(article, { photoDir: "." });   // none: no sharp
 *   const layout = layoutArticle(article, { template: "a4-3col", photos });
 *   const pdf = await renderArticle(article, { onWarning: console.warn });
 *   await renderFile("story.md", "story.pdf", { strict: true });
 *   await renderPageFile("front-page.yaml", "front.pdf");   // a page plan: several stories
 *
 * Errors meant for users are SahifaErrors with a stable `code` and a one-line message that
 * names the file.
 */

export { formatDateStrip } from "./article/dateline.js";
export type { Article, ArticlePhoto } from "./article/model.js";
export {
  type ArticleFormat,
  type ParseArticleOptions,
  parseArticle,
  readArticleFile,
} from "./article/parse.js";
export { SahifaError, type SahifaErrorCode } from "./errors.js";
export type { ArticlePhotos, Crop, PhotoSource } from "./image/types.js";
export type { LayoutOptions } from "./layout/compose.js";
export { listTemplates, loadTemplate, type Template } from "./layout/template.js";
export {
  type Block,
  type BlockKind,
  isPhotoBlock,
  type Layout,
  type LayoutLine,
  type LayoutPage,
  type LayoutStory,
  type MakeupPage,
  type MakeupReport,
  type PhotoBlock,
} from "./layout/types.js";
export type { LayoutPlanOptions, PlanMatter } from "./makeup/compose.js";
export type { Plan, PlanStory, Reserve, ReserveCorner } from "./makeup/model.js";
export { isPlanPath, parsePlan, readPlanFile } from "./makeup/plan.js";
export {
  type LayoutPageOptions,
  type LayoutPlanFileOptions,
  layoutPage,
  layoutPlanFile,
  loadPlanMatter,
  type RenderPageFileOptions,
  type RenderPageResult,
  renderPageFile,
  renderPageLayout,
} from "./makeup/render.js";
export {
  type LayoutArticleOptions,
  layoutArticle,
  loadArticlePhotos,
  type PhotoOptions,
  type RenderFileOptions,
  type RenderOptions,
  type RenderResult,
  renderArticle,
  renderArticlePages,
  renderFile,
  renderLayout,
} from "./render.js";
export { createShaper, defaultShaper, type ShapeOptions, type Shaper } from "./text/shape.js";
export type { Glyph } from "./text/types.js";
