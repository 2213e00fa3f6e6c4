import * as z from "zod";
import { SahifaError } from "../errors.js";
import { DIGIT_STYLES, type DigitStyle } from "../text/digits.js";
import { parseIsoDate } from "./dateline.js";
import type { Article } from "./model.js";

/** Every key an article may have, in the order a reader expects them. */
export const ARTICLE_KEYS = [
  "kicker",
  "headline",
  "subheadline",
  "byline",
  "dateline",
  "date",
  "pullQuote",
  "source",
  "lang",
  "template",
  "body",
  "subheads",
  "digits",
  "photo",
  "photos",
] as const;

/** Every key a photo may have. */
export const PHOTO_KEYS = [
  "src",
  "caption",
  "credit",
  "alt",
  "span",
  "focus",
  "fit",
  "after",
] as const;

export type ArticleKey = (typeof ARTICLE_KEYS)[number];

/**
 * Trims a piece of text and collapses each run of spaces, tabs and line breaks to one space.
 * Nothing else changes: no Unicode normalization, so the author's order of Arabic marks survives
 * (HarfBuzz normalizes what it needs), and no-break spaces and joiners stay where they were put.
 */
export function normalizeSpace(text: string): string {
  return text.replace(/[ \t\n\r\f\v]+/g, " ").trim();
}

/** What a value is, in the words an error message uses: "array", "number", "null"… */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  return typeof value;
}

/** A value quoted for an error message: JSON-escaped (so it stays one line) and cut short. */
export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : String(value);
  const cut = text.length > 40 ? `${text.slice(0, 39)}…` : text;
  return JSON.stringify(cut);
}

const typeError = (iss: { input?: unknown }): string =>
  iss.input === undefined
    ? "missing (required)"
    : `expected a string, got ${describeType(iss.input)}`;

/** A required piece of text: a string with something in it once trimmed. */
const requiredText = z
  .string({ error: typeError })
  .overwrite(normalizeSpace)
  .min(1, { error: "empty; it needs some text" });

/** An optional piece of text: absent, null (YAML's `key:` with no value) and "" all mean "none". */
const optionalText = z
  .string({ error: typeError })
  .nullish()
  .transform((s) => {
    if (s === null || s === undefined) return undefined;
    const t = normalizeSpace(s);
    return t === "" ? undefined : t;
  });

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TEMPLATE_NAME = /^[a-z0-9-]+$/;
/** A BCP 47 tag as far as sahifa cares: "ar", "ar-EG", "en-GB". */
const LANG_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const dateField = optionalText.pipe(
  z
    .string()
    .regex(ISO_DATE, { error: (iss) => `expected a date as YYYY-MM-DD, got ${quote(iss.input)}` })
    .refine((s) => !ISO_DATE.test(s) || parseIsoDate(s) !== undefined, {
      error: (iss) => `${quote(iss.input)} is not a real calendar date`,
    })
    .optional(),
);

const templateField = optionalText.pipe(
  z
    .string()
    .regex(TEMPLATE_NAME, {
      error: (iss) =>
        `expected a template name of lowercase letters, digits and hyphens (like "a4-3col"), got ${quote(iss.input)}`,
    })
    .optional(),
);

const langField = optionalText
  .pipe(
    z
      .string()
      .regex(LANG_TAG, {
        error: (iss) => `expected a language tag like "ar" or "ar-EG", got ${quote(iss.input)}`,
      })
      .optional(),
  )
  .transform((s) => s ?? "ar");

const paragraph = z
  .string({ error: (iss) => `expected a string (one paragraph), got ${describeType(iss.input)}` })
  .overwrite(normalizeSpace)
  .min(1, { error: "empty paragraph" });

const bodyField = z
  .array(paragraph, {
    error: (iss) =>
      iss.input === undefined
        ? "missing (required): the article needs at least one paragraph"
        : `expected an array of strings (one per paragraph), got ${describeType(iss.input)}`,
  })
  .min(1, { error: "no paragraphs; the article needs at least one" });

/** "https://…", "ftp://…", "data:…", "file:…": a src that is not a path (C:\\ is one). */
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]+:\/\/|data:|file:)/i;

const photoSrc = requiredText.refine((s) => !URL_LIKE.test(s), {
  error: (iss) =>
    `${quote(iss.input)} is a URL: sahifa reads photos from files and never from the network; download it and give its path`,
});

const unitNumber = z
  .number({ error: (iss) => `expected a number from 0 to 1, got ${describeType(iss.input)}` })
  .min(0, { error: "expected a number from 0 to 1 (0 is the left or top edge)" })
  .max(1, { error: "expected a number from 0 to 1 (1 is the right or bottom edge)" });

const photoFields = {
  src: photoSrc,
  caption: optionalText,
  credit: optionalText,
  alt: optionalText,
  focus: z
    .tuple([unitNumber, unitNumber], {
      error: (iss) =>
        `expected [x, y], two numbers from 0 to 1 (from the top-left), got ${quote(JSON.stringify(iss.input))}`,
    })
    .optional(),
  fit: z
    .enum(["cover", "contain"], {
      error: (iss) =>
        `expected "cover" (crop to the frame) or "contain" (the whole picture), got ${quote(iss.input)}`,
    })
    .optional(),
};

/** A photo: its fields, or just its file (`photo: photos/coffee.jpg`). */
const photoObject = <T extends z.core.$ZodLooseShape>(extra: T) =>
  z.preprocess(
    (value) => (typeof value === "string" ? { src: value } : value),
    z.strictObject(
      { ...photoFields, ...extra },
      {
        error: (iss) =>
          `expected a photo (a file, or { src: file, caption, credit, … }), got ${describeType(iss.input)}`,
      },
    ),
  );

const leadPhoto = photoObject({
  span: z
    .number({ error: (iss) => `expected a number of columns, got ${describeType(iss.input)}` })
    .int({ error: "expected a whole number of columns" })
    .min(1, { error: "at least 1 column" })
    .optional(),
});

const textPhoto = photoObject({
  after: z
    .number({ error: (iss) => `expected a paragraph index, got ${describeType(iss.input)}` })
    .int({ error: "expected a paragraph index (0 is the first)" })
    .min(0, { error: "expected a paragraph index (0 is the first)" })
    .optional(),
});

/** The article as sahifa accepts it from any input format (front matter + body, JSON, plain text). */
export const articleSchema = z
  .strictObject(
    {
      kicker: optionalText,
      headline: requiredText,
      subheadline: optionalText,
      byline: optionalText,
      dateline: optionalText,
      date: dateField,
      pullQuote: optionalText,
      source: optionalText,
      lang: langField,
      template: templateField,
      body: bodyField,
      subheads: z
        .array(z.number().int().min(0), {
          error: (iss) => `expected an array of paragraph indexes, got ${describeType(iss.input)}`,
        })
        .optional(),
      digits: z
        .enum(DIGIT_STYLES as [DigitStyle, ...DigitStyle[]], {
          error: (iss) =>
            `expected one of ${DIGIT_STYLES.join(", ")} (the digits of numbers in Arabic text), got ${quote(iss.input)}`,
        })
        .optional(),
      photo: leadPhoto.optional(),
      photos: z
        .array(textPhoto, {
          error: (iss) => `expected a list of photos, got ${describeType(iss.input)}`,
        })
        .optional(),
    },
    { error: (iss) => `expected an object of article fields, got ${describeType(iss.input)}` },
  )
  .superRefine((article, ctx) => {
    for (const index of article.subheads ?? []) {
      if (index >= article.body.length) {
        ctx.addIssue({
          code: "custom",
          path: ["subheads"],
          message: `paragraph ${index} does not exist (the body has ${article.body.length})`,
        });
      }
    }
    article.photos?.forEach((photo, i) => {
      if (photo.after !== undefined && photo.after >= article.body.length) {
        ctx.addIssue({
          code: "custom",
          path: ["photos", i, "after"],
          message: `paragraph ${photo.after} does not exist (the body has ${article.body.length})`,
        });
      }
    });
  });

// The schema's output must be an Article (checked at compile time).
type SchemaOutput = z.output<typeof articleSchema>;
const _outputIsArticle = (a: SchemaOutput): Article => a;
void _outputIsArticle;

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = prev[j] as number;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(above + 1, (prev[j - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return prev[b.length] as number;
}

/** The known key an unknown one was probably meant to be: `headlne`, `pull_quote`, `Headline`. */
export function suggestKey<K extends string>(
  key: string,
  keys: readonly K[] = ARTICLE_KEYS as unknown as K[],
): K | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[-_\s]/g, "");
  let best: K | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const known of keys) {
    if (squash(known) === squash(key)) return known;
    const d = editDistance(squash(key), squash(known));
    if (d < bestDistance) {
      bestDistance = d;
      best = known;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 4)) ? best : undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, hints: ValidateOptions["missingHints"]): string {
  if (issue.code === "unrecognized_keys") {
    const [first, ...rest] = issue.keys;
    const name = first ?? "";
    const inPhoto = issue.path.length > 0;
    const keys: readonly string[] = inPhoto ? PHOTO_KEYS : ARTICLE_KEYS;
    if (inPhoto && name === "span") {
      return `${formatPath(issue.path)}: "span" is for the lead photo (photo:); a photo in the text is one column wide`;
    }
    if (inPhoto && name === "after") {
      return `${formatPath(issue.path)}: "after" is for photos in the text (photos:); the lead photo stands at the top`;
    }
    const suggestion = suggestKey(name, keys);
    const more = rest.length > 0 ? ` (and ${rest.map((k) => quote(k)).join(", ")})` : "";
    const where = inPhoto ? `${formatPath(issue.path)}: ` : "";
    return suggestion
      ? `${where}unknown key ${quote(name)}${more}; did you mean "${suggestion}"?`
      : `${where}unknown key ${quote(name)}${more}; known keys are ${keys.join(", ")}`;
  }
  const path = formatPath(issue.path);
  const key = issue.path[0];
  const hint =
    issue.code === "invalid_type" && issue.path.length === 1 && typeof key === "string"
      ? hints?.[key as ArticleKey]
      : undefined;
  const isMissing = issue.message.startsWith("missing");
  const message = hint && isMissing ? `${issue.message}; ${hint}` : issue.message;
  return path ? `${path}: ${message}` : message;
}

export interface ValidateOptions {
  /** Names the input in error messages. */
  fileName: string;
  /** Extra advice when a required key is missing, e.g. where a Markdown headline goes. */
  missingHints?: Partial<Record<ArticleKey, string>>;
}

/**
 * Checks parsed input against the article schema and returns the Article (text trimmed, runs of
 * spaces collapsed, absent optional fields left out). Throws SahifaError("INPUT_INVALID") with one
 * line: "<file>: <key>: <problem>". An unknown key is reported before anything else, because a
 * typo (`headlne`) also makes the real key look missing.
 */
export function validateArticle(data: unknown, options: ValidateOptions): Article {
  const result = articleSchema.safeParse(data);
  if (!result.success) {
    const issues = [...result.error.issues].sort(
      (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
    );
    const [first] = issues;
    const text = first ? describeIssue(first, options.missingHints) : "invalid article";
    const more =
      issues.length > 1
        ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})`
        : "";
    throw new SahifaError(
      "INPUT_INVALID",
      `${options.fileName}: ${text}${more}`.replace(/[\r\n]+/g, " "),
    );
  }
  const article: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result.data)) if (v !== undefined) article[k] = v;
  return article as unknown as Article;
}
