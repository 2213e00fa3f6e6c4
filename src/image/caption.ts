/**
 * The caption and credit a picture carries: XMP (dc:description, photoshop:Credit) first, it
 * is Unicode by definition, then IPTC IIM (Caption-Abstract, Credit). exifr reads both.
 */

import { createRequire } from "node:module";

interface Alt {
  lang?: string;
  value?: string;
}

/** XMP's language alternatives: the article's language, else x-default, else the first. */
function pickAlternative(value: unknown, lang: string): string | undefined {
  if (typeof value === "string") return value;
  const alternatives = (Array.isArray(value) ? value : [value]).filter(
    (a): a is Alt => typeof a === "object" && a !== null && typeof (a as Alt).value === "string",
  );
  const base = lang.toLowerCase().split("-")[0];
  const chosen =
    alternatives.find((a) => a.lang?.toLowerCase().split("-")[0] === base) ??
    alternatives.find((a) => a.lang === "x-default") ??
    alternatives[0];
  return chosen?.value;
}

/**
 * IPTC strings as exifr gives them: it reads every byte as one character, so UTF-8 text (the
 * usual IPTC coding today, 1:90 = ESC % G) comes out as mojibake. Such a string is decoded
 * again as UTF-8; anything that is not valid UTF-8 is left as Latin-1.
 */
export function iptcText(value: unknown): string | undefined {
  if (Array.isArray(value)) return iptcText(value[0]);
  if (typeof value !== "string") return typeof value === "number" ? String(value) : undefined;
  let high = false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) return value;
    if (code >= 0x80) high = true;
  }
  if (!high) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(value, "latin1"));
  } catch {
    return value;
  }
}

function clean(text: string | undefined): string | undefined {
  // IPTC fields are often padded with NULs.
  const t = text?.replaceAll("\0", " ").replace(/\s+/gu, " ").trim();
  return t ? t : undefined;
}

export interface EmbeddedCaption {
  caption?: string;
  credit?: string;
}

/** Reads a picture's own caption and credit; a picture without them (or unreadable ones) has none. */
export async function readEmbeddedCaption(
  bytes: Uint8Array,
  lang: string,
): Promise<EmbeddedCaption> {
  // Through require, as sharp is (see sharp.ts).
  const exifr = createRequire(import.meta.url)("exifr") as typeof import("exifr");
  // Unmerged, exifr keys XMP by namespace (dc, photoshop) and IPTC as iptc.
  let data: Partial<Record<"dc" | "photoshop" | "iptc", Record<string, unknown>>> | undefined;
  try {
    data = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      xmp: true,
      iptc: true,
      tiff: false,
      ifd0: false,
      ifd1: false,
      exif: false,
      gps: false,
      interop: false,
      icc: false,
      jfif: false,
      ihdr: false,
      mergeOutput: false,
      silentErrors: true,
    } as never);
  } catch {
    // Metadata that cannot be read is metadata the picture does not have.
    return {};
  }
  const iptc = data?.iptc ?? {};
  const caption =
    clean(pickAlternative(data?.dc?.description, lang)) ?? clean(iptcText(iptc.Caption));
  const credit =
    clean(pickAlternative(data?.photoshop?.Credit, lang)) ?? clean(iptcText(iptc.Credit));
  return { ...(caption ? { caption } : {}), ...(credit ? { credit } : {}) };
}
