import type { DigitStyle } from "../text/digits.js";

/** A photo of an article, as the article gives it (the image room fills in what it leaves out). */
export interface ArticlePhoto {
  /** The image file, relative to the article's folder (or absolute, from the command line). */
  src: string;
  /** Default: the image's own XMP dc:description, else its IPTC Caption-Abstract. */
  caption?: string;
  /** Default: the image's XMP photoshop:Credit, else its IPTC Credit. */
  credit?: string;
  /** Text for readers who cannot see the photo (the PDF's /Alt); default: the caption. */
  alt?: string;
  /** Columns the lead photo spans; default from the template. Photos in the text take one. */
  span?: number;
  /** The point to keep when cropping, 0..1 from the top-left; default: sharp's attention point. */
  focus?: [number, number];
  /** Crop to the frame ("cover"), or show the whole picture ("contain"). */
  fit?: "cover" | "contain";
  /** A photo in the text stands after this body paragraph (0-based); default: spread out. */
  after?: number;
}

/** A news article as sahifa reads it, whatever the input format. */
export interface Article {
  kicker?: string;
  headline: string;
  subheadline?: string;
  byline?: string;
  /** The place the report is filed from (موسكو). */
  dateline?: string;
  /** YYYY-MM-DD. */
  date?: string;
  pullQuote?: string;
  /** The agency/time-code line (04:30-19- TOK). */
  source?: string;
  lang: string;
  /** A template name. */
  template?: string;
  body: string[];
  /** Indexes of body paragraphs that are intertitles (subheads within the body). */
  subheads?: number[];
  /** The digits of numbers in Arabic text; default the template's. */
  digits?: DigitStyle;
  /** The lead photo: at the top of the body, across columns. */
  photo?: ArticlePhoto;
  /** Photos in the text, one column wide each. */
  photos?: ArticlePhoto[];
}
