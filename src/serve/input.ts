/**
 * What a render request carries: the article (a JSON, Markdown or plain-text body, or the
 * `article` file of a multipart form), its photos (the form's other files) and the render
 * parameters (the query string, or the form's fields).
 */
import type { MultipartFile } from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { type ArticleFormat, formatFromPath } from "../article/parse.js";
import { SahifaError } from "../errors.js";
import { HttpError } from "./errors.js";

export interface RenderParams {
  template?: string;
  pdfa?: "2a" | "2b";
  cmyk?: boolean;
  bleed?: number;
  cropMarks?: boolean;
}

/** The query string's schema; multipart fields of the same names are checked the same way. */
export const PARAMS_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    // A name only: a path (or anything else) never reaches the file system.
    template: { type: "string", pattern: "^[a-z0-9-]{1,64}$" },
    pdfa: { type: "string", enum: ["2a", "2b"] },
    cmyk: { type: "boolean" },
    bleed: { type: "number", minimum: 0, maximum: 20 },
    cropMarks: { type: "boolean" },
  },
} as const;

export interface RenderInput {
  article: { bytes: Uint8Array; format: ArticleFormat; fileName: string };
  params: RenderParams;
  /** The form's other files, by their (checked) file names. */
  photos: Record<string, Uint8Array>;
}

const FORMAT_OF_TYPE: Record<string, ArticleFormat> = {
  "application/json": "json",
  "text/markdown": "md",
  "text/plain": "txt",
};

/** The media types the render routes read whole, besides multipart forms. */
export const BODY_TYPES = Object.keys(FORMAT_OF_TYPE);

function usage(message: string): SahifaError {
  return new SahifaError("USAGE", message);
}

function booleanField(name: string, value: string): boolean {
  if (value === "true" || value === "1" || value === "") return true;
  if (value === "false" || value === "0") return false;
  throw usage(`${name}: expected true or false, got ${JSON.stringify(value.slice(0, 32))}`);
}

/** Multipart fields, as the query schema would have coerced them. */
function paramsOfFields(fields: Map<string, string>): RenderParams {
  const params: RenderParams = {};
  for (const [name, value] of fields) {
    if (name === "template") {
      if (!new RegExp(PARAMS_SCHEMA.properties.template.pattern).test(value))
        throw usage("template: a template name (see GET /templates), not a path");
      params.template = value;
    } else if (name === "pdfa") {
      if (value !== "2a" && value !== "2b")
        throw usage(`pdfa: expected 2a or 2b, got ${JSON.stringify(value.slice(0, 32))}`);
      params.pdfa = value;
    } else if (name === "cmyk" || name === "cropMarks") {
      params[name] = booleanField(name, value);
    } else if (name === "bleed") {
      const bleed = Number(value);
      if (value === "" || !(bleed >= 0 && bleed <= 20))
        throw usage(
          `bleed: expected millimetres from 0 to 20, got ${JSON.stringify(value.slice(0, 32))}`,
        );
      params.bleed = bleed;
    } else {
      throw usage(`unknown form field ${JSON.stringify(name.slice(0, 64))}`);
    }
  }
  return params;
}

/**
 * A sent file's name, which only ever names a file in the request's own folder: a plain name,
 * no folders, "..", backslashes or control characters.
 */
export function checkedFileName(name: string): string {
  const bad =
    name === "" ||
    name === "." ||
    name === ".." ||
    name.length > 255 ||
    /[/\\]/.test(name) ||
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
    /[\u0000-\u001f\u007f]/.test(name);
  if (bad) {
    const shown = JSON.stringify(name.slice(0, 64));
    throw new SahifaError(
      "INPUT_INVALID",
      `file name ${shown}: a plain file name is expected (no folders)`,
    );
  }
  return name;
}

async function readForm(
  request: FastifyRequest,
  query: RenderParams,
  bodyLimit: number,
): Promise<RenderInput> {
  let article: RenderInput["article"] | undefined;
  const photos: Record<string, Uint8Array> = {};
  const fields = new Map<string, string>();
  let total = 0;
  const add = (bytes: number) => {
    total += bytes;
    if (total > bodyLimit)
      throw new HttpError(413, "BODY_TOO_LARGE", "the request body is too large");
  };
  for await (const part of request.parts()) {
    if (part.type === "field") {
      add(String(part.value).length);
      if (fields.has(part.fieldname))
        throw usage(`form field ${JSON.stringify(part.fieldname.slice(0, 64))} given twice`);
      fields.set(part.fieldname, String(part.value));
      continue;
    }
    const file = part as MultipartFile;
    const bytes = await file.toBuffer();
    add(bytes.byteLength);
    if (file.fieldname === "article") {
      if (article) throw usage("two article files: send one");
      const fileName = checkedFileName(file.filename || "article.md");
      article = { bytes, format: formatFromPath(fileName), fileName };
    } else {
      const name = checkedFileName(file.filename);
      if (photos[name]) throw usage(`two photos named ${JSON.stringify(name)}`);
      photos[name] = bytes;
    }
  }
  if (!article) throw usage('the form has no "article" file');
  return { article, params: { ...query, ...paramsOfFields(fields) }, photos };
}

/** Reads a render request's article, parameters and photos. */
export async function readRenderInput(
  request: FastifyRequest,
  bodyLimit: number,
): Promise<RenderInput> {
  const query = request.query as RenderParams;
  if (request.isMultipart()) return readForm(request, query, bodyLimit);
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const format = FORMAT_OF_TYPE[type];
  const body = request.body;
  if (!format || !(body instanceof Uint8Array) || body.byteLength === 0)
    throw usage("send the article as the request body (JSON, Markdown or plain text) or a form");
  return {
    article: { bytes: body, format, fileName: `article.${format}` },
    params: query,
    photos: {},
  };
}
