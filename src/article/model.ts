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
}
