/** A photo as the layout and the PDF see it: the picture's facts, and the article's wishes. */
export interface PhotoSource {
  /** The file as the article names it (what `layout --json` shows). */
  src: string;
  /** The file it was read from. */
  path: string;
  /** The file's bytes, read once. */
  bytes: Uint8Array;
  /**
   * SHA-256 of `bytes`, which names the picture in the photo memo (image/memo.ts). Set by
   * loadPhoto; worked out when a photo made by other means is drawn.
   */
  digest?: string;
  /** Pixels, upright (EXIF orientation applied). */
  width: number;
  height: number;
  /** One channel of grey: kept as one in the PDF. */
  grey: boolean;
  /** Has an alpha channel: flattened on white paper. */
  alpha: boolean;
  /** Line art (a palette image): embedded losslessly, not as JPEG. */
  lineArt: boolean;
  /** The point kept when cropping, 0..1 from the top-left. */
  focus: [number, number];
  fit: "cover" | "contain";
  caption?: string;
  credit?: string;
  alt?: string;
  /** Columns (the lead photo only). */
  span?: number;
  /** The body paragraph it follows (photos in the text only). */
  after?: number;
}

/** The article's photos, loaded: the lead photo and those in the text, in the article's order. */
export interface ArticlePhotos {
  lead?: PhotoSource;
  inText: PhotoSource[];
}

/** A rectangle of the upright picture, in pixels. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A picture made for the PDF: cropped, resampled and converted. */
export interface EncodedImage {
  width: number;
  height: number;
  colorSpace: "DeviceRGB" | "DeviceGray" | "DeviceCMYK";
  /** JPEG bytes (DCTDecode), or raw 8-bit samples for the PDF to deflate (line art). */
  encoding: "jpeg" | "raw";
  bytes: Uint8Array;
}
