/** Reading a page plan (YAML or JSON): its stories, nameplate and reserved boxes, validated. */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import * as z from "zod";
import { parseIsoDate } from "../article/dateline.js";
import { describeType } from "../article/schema.js";
import { SahifaError } from "../errors.js";
import type { Plan, PlanStory, Reserve } from "./model.js";
import { isPlanPath } from "./planPath.js";

const MM = 72 / 25.4;
/** Lengths a plan may give: mm (also bare numbers), cm, in, pt. */
const UNITS: Record<string, number> = { mm: MM, cm: 10 * MM, in: 72, pt: 1, "": MM };

/** A length like "90mm", "9cm", "3.5in", "255pt" or 90 (mm), in pt. */
const length = z.union([z.number().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === "number") return value * MM;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$/.exec(value);
  const scale = match ? UNITS[match[2] ?? ""] : undefined;
  if (!match || scale === undefined || Number(match[1]) <= 0) {
    ctx.addIssue({
      code: "custom",
      message: `expected a length like 90mm, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return Number(match[1]) * scale;
});

const text = z.string().trim().min(1);
const count = z.number().int().positive();

const nameplateSchema = z
  .object({
    title: text,
    subtitle: text.optional(),
    issue: z.union([z.number().int().nonnegative(), text]).transform(String).optional(),
  })
  .strict();

const briefsSchema = z.object({ label: text }).strict();

const storySchema = z
  .object({
    article: text,
    columns: count.optional(),
    lines: count.optional(),
    as: z.enum(["story", "brief"]).default("story"),
  })
  .strict();

const reserveSchema = z
  .object({
    columns: count,
    height: length,
    at: z.enum(["bottom-left", "bottom-right", "top-left", "top-right"]).default("bottom-left"),
    label: text.optional(),
  })
  .strict();

const planSchema = z
  .object({
    template: z.string().min(1).optional(),
    date: z
      .union([z.string(), z.date()])
      .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d))
      .optional(),
    nameplate: nameplateSchema.optional(),
    folio: z.number().int().positive().default(1),
    briefs: briefsSchema.optional(),
    stories: z.array(storySchema).min(1, { message: "a page needs at least one story" }),
    reserve: z.array(reserveSchema).default([]),
  })
  .strict();

/** The keys a mapping of the plan may have, by where it stands (list indexes left out). */
const KEYS: Record<string, string[]> = {
  "": Object.keys(planSchema.shape),
  nameplate: Object.keys(nameplateSchema.shape),
  briefs: Object.keys(briefsSchema.shape),
  stories: Object.keys(storySchema.shape),
  reserve: Object.keys(reserveSchema.shape),
};

/** The briefs column's title when the plan gives none. */
export const DEFAULT_BRIEFS_LABEL = "باختصار";

function where(path: PropertyKey[]): string {
  return path.length
    ? path
        .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
        .join("")
        .replace(/^\./, "")
    : "plan";
}

/** "stories[1] (second.md)": a story's place named with its article, as later messages do. */
function withArticle(path: PropertyKey[], raw: unknown): string {
  const [list, index] = path;
  if (list !== "stories" || typeof index !== "number") return where(path);
  const story = (raw as { stories?: unknown[] }).stories?.[index] as { article?: unknown };
  const article = typeof story?.article === "string" ? ` (${story.article.trim()})` : "";
  const rest = where(path.slice(2));
  return `stories[${index}]${article}${path.length > 2 ? `: ${rest}` : ""}`;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  let value: unknown = raw;
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  const at = withArticle(issue.path, raw);
  if (issue.code === "invalid_type" && value === undefined) return `${at}: missing (required)`;
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
    const known = KEYS[issue.path.filter((p) => typeof p === "string").join(".")];
    const problem = `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}${known ? ` (known: ${known.join(", ")})` : ""}`;
    // At the top, the plan's own keys: the file name says where.
    return issue.path.length > 0 ? `${at}: ${problem}` : problem;
  }
  if (issue.code === "invalid_type")
    return `${at}: expected ${issue.expected}, got ${describeType(value)}`;
  return `${at}: ${issue.message}`;
}

function invalid(file: string, problem: string): SahifaError {
  return new SahifaError("INPUT_INVALID", `${file}: ${problem}`.replace(/[\r\n]+/g, " "));
}

/**
 * Reads a plan from its text: YAML (JSON is YAML too). Article paths are resolved against
 * `dir`, the plan's folder, and must name files that exist and are not the plan itself.
 */
export function parsePlan(source: string, file: string, dir = dirname(file)): Plan {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (cause) {
    // The yaml library ends its first line with ":" before a picture of the line at fault.
    const first = cause instanceof Error ? (cause.message.split("\n")[0] ?? "") : String(cause);
    const reason = first.replace(/:\s*$/, "");
    throw invalid(file, `not valid YAML: ${reason}`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw invalid(file, `a plan is a mapping with template, stories…; got ${describeType(raw)}`);
  }
  const parsed = planSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw invalid(file, first ? describeIssue(first, raw) : "invalid plan");
  }
  const p = parsed.data;
  if (p.date !== undefined && parseIsoDate(p.date) === undefined) {
    throw invalid(file, `date: expected YYYY-MM-DD, got ${JSON.stringify(p.date)}`);
  }
  const self = resolve(file);
  const stories: PlanStory[] = p.stories.map((s, i) => {
    const article = resolve(dir, s.article);
    const name = `stories[${i}] (${s.article})`;
    if (article === self) throw invalid(file, `${name}: the plan names itself as an article`);
    if (isPlanPath(article)) {
      throw invalid(file, `${name}: is a page plan, not an article (plans do not nest)`);
    }
    if (!existsSync(article)) throw invalid(file, `${name}: article file not found`);
    if (statSync(article).isDirectory())
      throw invalid(file, `${name}: is a directory, not an article file`);
    return {
      article,
      name: s.article,
      as: s.as,
      ...(s.columns !== undefined ? { columns: s.columns } : {}),
      ...(s.lines !== undefined ? { lines: s.lines } : {}),
    };
  });
  const reserve: Reserve[] = p.reserve.map((r) => ({
    columns: r.columns,
    height: r.height,
    at: r.at,
    ...(r.label ? { label: r.label } : {}),
  }));
  return {
    file,
    ...(p.template ? { template: p.template } : {}),
    ...(p.date ? { date: p.date } : {}),
    ...(p.nameplate ? { nameplate: p.nameplate } : {}),
    folio: p.folio,
    briefsLabel: p.briefs?.label ?? DEFAULT_BRIEFS_LABEL,
    stories,
    reserve,
  };
}

/** Reads a plan file: one-line errors that name it, and the key and story at fault. */
export async function readPlanFile(path: string): Promise<Plan> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" || code === "ENOTDIR"
        ? "file not found"
        : code === "EISDIR"
          ? "is a directory, not a plan"
          : `cannot read file (${code ?? "unknown error"})`;
    throw new SahifaError("INPUT_NOT_FOUND", `${path}: ${why}`, { cause });
  }
  return parsePlan(source, path);
}

export { isPlanPath } from "./planPath.js";
