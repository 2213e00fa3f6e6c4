import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import { SahifaError } from "../errors.js";
import type { Article } from "./model.js";
import { readPlainText } from "./readText.js";
import { describeType, normalizeSpace, validateArticle } from "./schema.js";

export type ArticleFormat = "md" | "json" | "txt";

export interface ParseArticleOptions {
  /** Defaults to the format `fileName`'s extension implies, else "txt". */
  format?: ArticleFormat;
  /** Names the input in error messages; defaults to "<input>". */
  fileName?: string;
  /** Values that win over what the input says (command-line flags like --headline). */
  overrides?: Partial<Article>;
}

/** .md and .markdown are Markdown, .json is JSON, anything else is plain text. */
export function formatFromPath(path: string): ArticleFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".md" || ext === ".markdown") return "md";
  if (ext === ".json") return "json";
  return "txt";
}

function invalid(fileName: string, problem: string): SahifaError {
  return new SahifaError("INPUT_INVALID", `${fileName}: ${problem}`.replace(/[\r\n]+/g, " "));
}

/** Share of control characters above which input is taken for binary data. */
const BINARY_CONTROL_SHARE = 0.1;
/** How much of the input the binary sniffing looks at. */
const SNIFF_LENGTH = 8192;

function isStrayControl(code: number): boolean {
  // Tab, LF, VT, FF and CR are whitespace; everything else below 0x20, and DEL, is not text.
  return (code < 0x20 && (code < 0x09 || code > 0x0d)) || code === 0x7f;
}

function looksBinary(codes: ArrayLike<number>): boolean {
  const n = Math.min(codes.length, SNIFF_LENGTH);
  let controls = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c === 0) return true;
    if (i < n && isStrayControl(c)) controls++;
  }
  return n > 0 && controls / n > BINARY_CONTROL_SHARE;
}

/** The byte offset of the first invalid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Decodes a file's bytes as UTF-8 text, refusing what is not text: an empty file, UTF-16, binary
 * data (NUL bytes or many control characters) and invalid UTF-8 (naming the line). A byte order
 * mark is dropped.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) throw invalid(fileName, "empty file");
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw invalid(fileName, "UTF-16 text; save the file as UTF-8");
  }
  if (looksBinary(bytes)) throw invalid(fileName, "binary data, not text");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = Math.max(0, firstInvalidUtf8(bytes));
    const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    throw invalid(
      fileName,
      `not valid UTF-8 (byte 0x${byte} on line ${lineOfByte(bytes, at)}); save the file as UTF-8 (if it is Windows-1256 Arabic, convert it first)`,
    );
  }
}

/** Text checks shared by bytes and strings: BOM, binary, blank, line endings, stray controls. */
function cleanText(raw: string, fileName: string): string {
  const text = raw.replace(/^\uFEFF/u, "");
  if (text.length === 0) throw invalid(fileName, "empty file");
  const codes = Array.from(text.slice(0, SNIFF_LENGTH), (ch) => ch.codePointAt(0) ?? 0);
  if (text.includes("\u0000") || looksBinary(codes)) {
    throw invalid(fileName, "binary data, not text");
  }
  if (text.trim() === "") throw invalid(fileName, "only whitespace, no text");
  const lf = text.replace(/\r\n?/g, "\n");
  const lines = lf.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    for (let col = 0; col < line.length; col++) {
      const code = line.charCodeAt(col);
      if (isStrayControl(code)) {
        const hex = code.toString(16).toUpperCase().padStart(4, "0");
        throw invalid(
          fileName,
          `line ${i + 1}, column ${col + 1}: control character U+${hex} is not text`,
        );
      }
    }
  }
  return lf;
}

// ---------------------------------------------------------------------------------------------
// Markdown

const FENCE = /^---[ \t]*$/;
const FENCE_END = /^(---|\.\.\.)[ \t]*$/;
/** An intertitle inside the body. */
const SUBHEAD = /^##\s+(.+)$/u;
const HEADING = /^#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;

function yamlProblem(message: string): string {
  const firstLine = message.split("\n")[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?\s*$/, "").trim();
}

function parseFrontMatter(yamlText: string, firstLine: number, fileName: string) {
  const doc = parseDocument(yamlText, { uniqueKeys: true, prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    const line = (error.linePos?.[0]?.line ?? 1) + firstLine - 1;
    throw invalid(
      fileName,
      `line ${line}: front matter is not valid YAML: ${yamlProblem(error.message)}`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (cause) {
    throw invalid(
      fileName,
      `front matter (line ${firstLine}): cannot read it: ${yamlProblem(String(cause))}`,
    );
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw invalid(
      fileName,
      `front matter (line ${firstLine}): expected "key: value" lines, got ${describeType(data)}`,
    );
  }
  return data as Record<string, unknown>;
}

/**
 * Markdown: optional YAML front matter between "---" lines, then paragraphs separated by blank
 * lines (the lines of a paragraph are joined with a space). A leading "# " line is the headline
 * when the front matter gives none.
 */
function readMarkdown(text: string, fileName: string): Record<string, unknown> {
  const lines = text.split("\n");
  let data: Record<string, unknown> = {};
  let start = 0;
  const open = lines.findIndex((l) => l.trim() !== ""); // blank lines may precede the front matter
  if (open >= 0 && FENCE.test(lines[open] as string)) {
    const end = lines.findIndex((l, i) => i > open && FENCE_END.test(l));
    if (end < 0) {
      throw invalid(
        fileName,
        `line ${open + 1}: front matter opened with "---" is never closed by a "---" line`,
      );
    }
    data = parseFrontMatter(lines.slice(open + 1, end).join("\n"), open + 2, fileName);
    if ("body" in data) {
      throw invalid(
        fileName,
        "front matter: body: write the body as paragraphs below the front matter, not as a key",
      );
    }
    start = end + 1;
  }

  const paragraphs: string[] = [];
  const subheads: number[] = [];
  let current: string[] = [];
  let first = true;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === "") {
      if (current.length > 0) paragraphs.push(current.join(" "));
      current = [];
      continue;
    }
    const heading = first ? HEADING.exec(line.trim()) : null;
    first = false;
    if (heading) {
      const title = normalizeSpace(heading[1] ?? "");
      const given = data.headline;
      if (given === undefined || given === null) {
        data.headline = title;
      } else if (typeof given !== "string" || normalizeSpace(given) !== title) {
        throw invalid(
          fileName,
          `line ${i + 1}: headline given twice, in the front matter and as a "# " heading; keep one`,
        );
      }
      continue;
    }
    // A "## " line opens an intertitle: a paragraph of its own.
    const subhead = SUBHEAD.exec(line.trim());
    if (subhead) {
      if (current.length > 0) paragraphs.push(current.join(" "));
      current = [];
      subheads.push(paragraphs.length);
      paragraphs.push(subhead[1] ?? "");
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) paragraphs.push(current.join(" "));
  data.body = paragraphs;
  if (subheads.length > 0) data.subheads = subheads;
  return data;
}

// ---------------------------------------------------------------------------------------------
// JSON

/** Deeper than any article: its JSON nests three levels (photos' fields in a list). */
const MAX_JSON_DEPTH = 512;

class JsonStop {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** Where a JSON text goes wrong and why; a small validator, since V8 does not always say. */
export function locateJsonError(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const found = () => (i >= text.length ? "the end of the file" : JSON.stringify(text[i]));
  const fail = (reason: string): never => {
    throw new JsonStop(i, reason);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail("unterminated string");
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === "\n" || c === "\r") fail("line break inside a string (write \\n)");
      if (c.charCodeAt(0) < 0x20) fail("control character inside a string");
      if (c === "\\") {
        const e = text[i + 1];
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail("bad \\u escape");
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`bad escape \\${e ?? ""}`);
        i += 2;
        continue;
      }
      i++;
    }
  };
  // An object's members or an array's items: the opening bracket is at i.
  let depth = 0;
  const members = (close: "}" | "]", member: () => void, what: string) => {
    // The validator recurses: a file of 20,000 "[" would overflow the stack.
    if (++depth > MAX_JSON_DEPTH) fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
    i++;
    ws();
    if (text[i] === close) {
      i++;
      depth--;
      return;
    }
    for (;;) {
      ws();
      if (text[i] === close) fail(`trailing comma before "${close}"`);
      member();
      ws();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        depth--;
        return;
      }
      fail(`expected "," or "${close}" after ${what}, found ${found()}`);
    }
  };
  const property = () => {
    if (text[i] !== '"') fail(`expected a property name in double quotes, found ${found()}`);
    string();
    ws();
    if (text[i] !== ":") fail(`expected ":" after the property name, found ${found()}`);
    i++;
    value();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      if (c === "{") members("}", property, "a property value");
      else members("]", value, "an array item");
      return;
    }
    if (c === '"') {
      string();
      return;
    }
    const rest = text.slice(i);
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number && number[0] !== "-" && number[0].length > 0) {
      i += number[0].length;
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (rest.startsWith(word)) {
        i += word.length;
        return;
      }
    }
    if (c === "'") fail("strings need double quotes, not single quotes");
    fail(i >= text.length ? "unexpected end of the file" : `unexpected ${found()}`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
  } catch (e) {
    if (e instanceof JsonStop) return { offset: e.offset, reason: e.reason };
    throw e;
  }
  return undefined;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}

function readJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const where = locateJsonError(text);
    if (!where) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw invalid(fileName, `invalid JSON: ${message.split("\n")[0]}`);
    }
    const { line, column } = lineAndColumn(text, where.offset);
    throw invalid(fileName, `invalid JSON at line ${line}, column ${column}: ${where.reason}`);
  }
}

// ---------------------------------------------------------------------------------------------

const MISSING_HEADLINE: Record<ArticleFormat, string> = {
  md: 'add "headline:" to the front matter or a "# " line above the body',
  json: 'add a "headline" key',
  txt: "no line looks like a headline (at most 14 words, no final punctuation); give one with --headline",
};

/**
 * A lead photo from the command line over the article's own: `--photo` replaces its file (the
 * article's caption and credit, which describe another picture, go with it), `--caption` its
 * caption alone.
 */
function mergePhoto(own: unknown, override: unknown, fileName: string): unknown {
  const given = (override ?? {}) as Record<string, unknown>;
  const base =
    typeof own === "string"
      ? { src: own }
      : typeof own === "object" && own !== null
        ? own
        : undefined;
  if (given.src !== undefined) return { ...given };
  if (base === undefined) {
    throw invalid(
      fileName,
      "a caption was given for a photo, but the article has none (add one with --photo FILE)",
    );
  }
  return { ...base, ...given };
}

/**
 * Reads an article from Markdown with YAML front matter, JSON, or agency plain text, applies
 * `overrides`, and validates the result. Text is kept as written apart from trimming and
 * collapsing runs of spaces (no Unicode normalization). Throws SahifaError("INPUT_INVALID") with a
 * one-line message that starts with the file name.
 */
export function parseArticle(
  source: string | Uint8Array,
  options: ParseArticleOptions = {},
): Article {
  const fileName = options.fileName ?? "<input>";
  const format = options.format ?? (options.fileName ? formatFromPath(options.fileName) : "txt");
  const raw = typeof source === "string" ? source : decodeText(source, fileName);
  const text = cleanText(raw, fileName);

  let data: unknown;
  if (format === "md") data = readMarkdown(text, fileName);
  else if (format === "json") data = readJson(text, fileName);
  else {
    const { headline, ...rest } = readPlainText(text);
    data = headline ? { headline, ...rest } : rest;
  }

  if (options.overrides && typeof data === "object" && data !== null && !Array.isArray(data)) {
    const merged: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    for (const [key, value] of Object.entries(options.overrides)) {
      if (value === undefined) continue;
      merged[key] = key === "photo" ? mergePhoto(merged.photo, value, fileName) : value;
    }
    data = merged;
  }

  return validateArticle(data, {
    fileName,
    missingHints: { headline: MISSING_HEADLINE[format] },
  });
}

/**
 * Reads and parses an article file; the format follows the extension (.md/.markdown, .json,
 * anything else plain text). A missing file is SahifaError("INPUT_NOT_FOUND").
 */
export async function readArticleFile(
  path: string,
  overrides?: Partial<Article>,
): Promise<Article> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "EISDIR") {
      throw new SahifaError("INPUT_INVALID", `${path}: is a directory, not an article file`, {
        cause,
      });
    }
    const why =
      code === "ENOENT" || code === "ENOTDIR"
        ? "file not found"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : `cannot read file (${code ?? "unknown error"})`;
    throw new SahifaError("INPUT_NOT_FOUND", `${path}: ${why}`, { cause });
  }
  return parseArticle(bytes, { fileName: path, format: formatFromPath(path), overrides });
}
