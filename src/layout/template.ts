import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import { SahifaError } from "../errors.js";
import { BUNDLED_FONTS_DIR } from "../fonts/registry.js";
import { DIGIT_STYLES, type DigitStyle } from "../text/digits.js";
import { DEFAULT_JUSTIFICATION } from "../text/stretch.js";

export const TEMPLATES_DIR = resolve(import.meta.dirname, "..", "..", "templates");

/** Page sizes by name, mm (width × height, portrait). */
export const PAGE_SIZES = {
  A4: [210, 297],
  A3: [297, 420],
  tabloid: [279.4, 431.8],
  berliner: [315, 470],
  broadsheet: [375, 597],
} as const;

const MM = 72 / 25.4;

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "expected a colour like #1a1a1a");
const style = z
  .object({
    font: z.string().min(1),
    size: z.number().positive(),
    /** Line height as a multiple of the size. */
    lineHeight: z.number().positive().default(1.3),
    color: color.optional(),
  })
  .strict();

const templateSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    page: z.union([
      z.enum(Object.keys(PAGE_SIZES) as [keyof typeof PAGE_SIZES]),
      z.object({ width: z.number().positive(), height: z.number().positive() }).strict(),
    ]),
    /** mm */
    margins: z
      .object({
        top: z.number().min(0),
        right: z.number().min(0),
        bottom: z.number().min(0),
        left: z.number().min(0),
      })
      .strict(),
    columns: z
      .object({
        count: z.number().int().min(1).max(12),
        /** mm */
        gutter: z.number().min(0),
        /** Width in pt of the rule between columns; 0 for none. */
        rule: z.number().min(0).default(0),
      })
      .strict(),
    /** Body leading in pt: every column's baselines sit on this grid. */
    baseline: z.number().positive(),
    colors: z.object({ text: color, accent: color, rule: color }).strict(),
    /** Fonts for characters a style's font lacks (Latin in an Arabic-only font). */
    fallbacks: z
      .array(z.string().min(1))
      .default([
        "Amiri-Regular.ttf",
        "Amiri-Bold.ttf",
        "NotoNaskhArabic-Regular.ttf",
        "NotoNaskhArabic-Bold.ttf",
      ]),
    /** Justification of body text: how lines are filled, and the limits of spaces and kashidas. */
    justify: z
      .object({
        mode: z.enum(["hybrid", "spacing", "kashida", "none"]).default(DEFAULT_JUSTIFICATION.mode),
        maxSpaceRatio: z.number().min(1).max(4).default(DEFAULT_JUSTIFICATION.maxSpaceRatio),
        minSpaceRatio: z.number().min(0.3).max(1).default(DEFAULT_JUSTIFICATION.minSpaceRatio),
        maxKashidaEm: z.number().min(0).max(3).default(DEFAULT_JUSTIFICATION.maxKashidaEm),
        maxKashidasPerLine: z
          .number()
          .int()
          .min(0)
          .max(20)
          .default(DEFAULT_JUSTIFICATION.maxKashidasPerLine),
      })
      .strict()
      .default(DEFAULT_JUSTIFICATION),
    pullQuote: z
      .object({ columns: z.number().int().min(1).max(3).default(1) })
      .strict()
      .default({ columns: 1 }),
    /** The digits of numbers in Arabic text: as written, European, Arabic-Indic or Persian. */
    digits: z.enum(DIGIT_STYLES as [DigitStyle, ...DigitStyle[]]).default("source"),
    /** Photos: the lead photo's span, cover frames' aspect, resolution, caption setting. */
    photos: z
      .object({
        /** Columns the lead photo spans; default two-thirds of them. */
        span: z.number().int().min(1).optional(),
        /** Width over height of cover frames (1.5 is 3:2); default the photo's own. */
        aspect: z.number().min(0.25).max(4).optional(),
        /** Resolution photos are embedded at, at their printed size (never upsampled). */
        ppi: z.number().min(72).max(1200).default(300),
        /** Under this, a photo gets a warning (an error with --strict). */
        minPpi: z.number().min(1).max(1200).default(150),
        /** The tallest a photo may be, as a share of the body's height. */
        maxHeight: z.number().min(0.1).max(1).default(0.55),
        /** Captions justified like the body, or ragged. */
        caption: z.enum(["justify", "start"]).default("justify"),
      })
      .strict()
      .default({ ppi: 300, minPpi: 150, maxHeight: 0.55, caption: "justify" }),
    headline: z
      .object({
        maxLines: z.number().int().min(1).default(3),
        minSize: z.number().positive(),
        /**
         * On a page of several stories, each story's headline size by rank, as a share of the
         * headline's: the lead's first, the last for the rest.
         */
        scale: z.array(z.number().positive().max(1)).min(1).default([1, 0.7, 0.56, 0.46, 0.4]),
      })
      .strict(),
    styles: z
      .object({
        body: style,
        lead: style,
        kicker: style,
        headline: style,
        subheadline: style,
        byline: style,
        dateStrip: style,
        pullQuote: style,
        source: style,
        folio: style,
        runningHead: style,
        /** Photo captions and credits; default: the source line's font, a little smaller. */
        caption: style.optional(),
        credit: style.optional(),
      })
      .strict(),
  })
  .strict();

type TemplateFile = z.infer<typeof templateSchema>;
export type ElementStyle = z.infer<typeof style>;

/** A validated template with sizes resolved to pt and fonts to file paths. */
export interface Template extends Omit<TemplateFile, "page" | "margins" | "columns" | "styles"> {
  source: string;
  styles: Required<TemplateFile["styles"]>;
  page: { width: number; height: number };
  margins: { top: number; right: number; bottom: number; left: number };
  columns: { count: number; gutter: number; rule: number };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join(".") : "template";
  return `${where}: ${issue.message}`;
}

/** Reads a template by name (from templates/) or by path, validates it, and checks its fonts. */
export function loadTemplate(nameOrPath: string): Template {
  const path = resolveTemplatePath(nameOrPath);
  // Rendering many articles reads the same template: parse it again only when it changed.
  const modified = statSync(path).mtimeMs;
  const known = loadedTemplates.get(path);
  if (known && known.modified === modified) return known.template;
  const template = readTemplate(path);
  loadedTemplates.set(path, { modified, template });
  return template;
}

const loadedTemplates = new Map<string, { modified: number; template: Template }>();

function readTemplate(path: string): Template {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, "utf8"));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new SahifaError("TEMPLATE_INVALID", `${path}: ${reason}`, { cause });
  }
  const parsed = templateSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new SahifaError(
      "TEMPLATE_INVALID",
      `${path}: ${first ? describeIssue(first) : "invalid template"}`,
    );
  }
  const t = parsed.data;
  const withDefaults = {
    ...t.styles,
    caption: t.styles.caption ?? {
      ...t.styles.source,
      size: t.styles.body.size * 0.82,
      lineHeight: 1.35,
    },
    credit: t.styles.credit ?? { ...t.styles.source, size: t.styles.body.size * 0.68 },
  };
  const styles = Object.fromEntries(
    Object.entries(withDefaults).map(([key, s]) => [
      key,
      { ...s, font: resolveFont(path, `styles.${key}.font`, s.font) },
    ]),
  ) as Template["styles"];
  const [width, height] =
    typeof t.page === "string" ? PAGE_SIZES[t.page] : [t.page.width, t.page.height];
  return {
    ...t,
    styles,
    fallbacks: t.fallbacks.map((f, i) => resolveFont(path, `fallbacks.${i}`, f)),
    source: path,
    page: { width: width * MM, height: height * MM },
    margins: {
      top: t.margins.top * MM,
      right: t.margins.right * MM,
      bottom: t.margins.bottom * MM,
      left: t.margins.left * MM,
    },
    columns: { count: t.columns.count, gutter: t.columns.gutter * MM, rule: t.columns.rule },
  };
}

/** The file a template name (from templates/) or path stands for; unknown: TEMPLATE_INVALID. */
export function resolveTemplatePath(nameOrPath: string): string {
  if (/^[a-z0-9-]+$/.test(nameOrPath)) {
    for (const ext of [".yaml", ".yml", ".json"]) {
      const candidate = resolve(TEMPLATES_DIR, nameOrPath + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  if (existsSync(nameOrPath)) return resolve(nameOrPath);
  const known = listTemplates()
    .map((t) => t.name)
    .join(", ");
  throw new SahifaError("TEMPLATE_INVALID", `${nameOrPath}: unknown template (known: ${known})`);
}

/** Fonts are looked up beside the template first, then among the bundled fonts. */
function resolveFont(templatePath: string, key: string, font: string): string {
  const candidates = isAbsolute(font)
    ? [font]
    : [resolve(dirname(templatePath), font), resolve(BUNDLED_FONTS_DIR, font)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new SahifaError(
      "FONT_NOT_FOUND",
      `${templatePath}: ${key}: font file "${font}" not found`,
    );
  }
  return found;
}

/** The templates shipped in templates/, by name. */
export function listTemplates(): { name: string; description: string; path: string }[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((f) => [".yaml", ".yml", ".json"].includes(extname(f)))
    .sort()
    .map((f) => {
      const path = resolve(TEMPLATES_DIR, f);
      const raw = parseYaml(readFileSync(path, "utf8")) as { description?: string };
      return { name: basename(f, extname(f)), description: raw?.description ?? "", path };
    });
}
