/**
 * Photo work remembered by the picture's content, for processes that render many articles: a
 * batch thread, `serve`, `watch`, a page plan. Archives reuse pictures (the file photo of a
 * minister, an agency's logo), `watch` draws the same photo on every save, and a photo costs
 * sharp 10–20 ms of decoding each time: its facts and focus before layout, its picture after.
 *
 * Keyed by SHA-256 of the file's bytes, never by path: a changed file is a new picture, and
 * `serve` renders untrusted pictures, where a crafted collision must not put one request's
 * picture into another's page. What is remembered is what sharp would make again, byte for
 * byte: a render gives the same PDF whether it hits or not.
 */
import { createHash } from "node:crypto";
import type { EmbeddedCaption } from "./caption.js";
import type { EncodedImage } from "./types.js";

/** What a picture's bytes alone decide, found by loadPhoto. */
export interface PictureFacts {
  width: number;
  height: number;
  grey: boolean;
  alpha: boolean;
  lineArt: boolean;
  /** libvips' attention point, 0..1 of the upright picture. */
  attention: [number, number];
}

/** Facts are a hundred bytes a picture: a thousand cost nothing and cover a day's photos. */
const FACTS_KEPT = 1024;
/**
 * Encoded pictures are tens to hundreds of kB each. Per thread: a batch of `--jobs 2` may hold
 * twice this, inside its 250 MB budget.
 */
const ENCODED_BYTES_KEPT = 16 * 1024 * 1024;
/** Requests remembered (by key only) so that a picture's second use can be told from its first. */
const REQUESTS_SEEN = 4096;

/** A map that forgets its least recently used entries beyond a budget of `costOf` units. */
class Recent<V> {
  readonly #entries = new Map<string, V>();
  #cost = 0;
  constructor(
    private readonly budget: number,
    private readonly costOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  set(key: string, value: V): void {
    const cost = this.costOf(value);
    if (cost > this.budget) return;
    this.delete(key);
    this.#entries.set(key, value);
    this.#cost += cost;
    for (const oldest of this.#entries.keys()) {
      if (this.#cost <= this.budget) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const value = this.#entries.get(key);
    if (value === undefined) return;
    this.#entries.delete(key);
    this.#cost -= this.costOf(value);
  }

  clear(): void {
    this.#entries.clear();
    this.#cost = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get cost(): number {
    return this.#cost;
  }
}

const facts = new Recent<PictureFacts>(FACTS_KEPT, () => 1);
const captions = new Recent<EmbeddedCaption>(FACTS_KEPT, () => 1);
const encoded = new Recent<EncodedImage>(ENCODED_BYTES_KEPT, (image) => image.bytes.byteLength);
const requests = new Recent<true>(REQUESTS_SEEN, () => 1);

/** How often the memo saved sharp its work, and what it holds. */
export const photoMemoCounts = { factsHits: 0, captionHits: 0, encodedHits: 0 };

/** The key of a picture: its bytes' SHA-256. */
export function pictureDigest(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

/** `memo`'s value for `key`, else `find`'s, remembered (a failure is not). */
async function remembered<V>(
  memo: Recent<V>,
  key: string,
  hit: "factsHits" | "captionHits",
  find: () => Promise<V>,
): Promise<V> {
  const known = memo.get(key);
  if (known) {
    photoMemoCounts[hit]++;
    return known;
  }
  const found = await find();
  memo.set(key, found);
  return found;
}

/** A picture's facts, found once per content. */
export function pictureFacts(
  digest: string,
  find: () => Promise<PictureFacts>,
): Promise<PictureFacts> {
  return remembered(facts, digest, "factsHits", find);
}

/** The caption and credit a picture carries, for a language, read once per content. */
export function pictureCaption(
  digest: string,
  lang: string,
  read: () => Promise<EmbeddedCaption>,
): Promise<EmbeddedCaption> {
  return remembered(captions, `${digest} ${lang}`, "captionHits", read);
}

/**
 * A picture encoded for a request (crop, size, colours), made once per content. It is kept
 * from the second time it is asked for: an archive of distinct photos then holds no pictures.
 */
export async function encodedPicture(
  digest: string,
  request: unknown,
  make: () => Promise<EncodedImage>,
): Promise<EncodedImage> {
  const key = `${digest} ${JSON.stringify(request)}`;
  const known = encoded.get(key);
  if (known) {
    photoMemoCounts.encodedHits++;
    return known;
  }
  const image = await make();
  if (requests.has(key)) encoded.set(key, image);
  else requests.set(key, true);
  return image;
}

/** What the memo holds now. */
export function photoMemoSize(): { facts: number; encoded: number; encodedBytes: number } {
  return { facts: facts.size, encoded: encoded.size, encodedBytes: encoded.cost };
}

/** Forgets every picture (tests; a long-running process that wants its memory back). */
export function forgetPictures(): void {
  for (const memo of [facts, captions, encoded, requests]) memo.clear();
  photoMemoCounts.factsHits = photoMemoCounts.captionHits = photoMemoCounts.encodedHits = 0;
}
