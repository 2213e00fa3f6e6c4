/** A page plan as sahifa reads it: several stories on one newspaper page, in order of importance. */

/** How a story stands on the page: a story of its own, or a brief in the briefs column. */
export type StoryRole = "story" | "brief";

export interface PlanStory {
  /** The article file, resolved against the plan's folder. */
  article: string;
  /** The path as the plan wrote it (messages name it so). */
  name: string;
  /** Columns the story spans; default: chosen by the make-up. */
  columns?: number;
  /** Depth of the story's rectangle in body grid lines, its head included; default: chosen. */
  lines?: number;
  as: StoryRole;
}

/** Corners a reserved box stands in. */
export type ReserveCorner = "bottom-left" | "bottom-right" | "top-left" | "top-right";

/** Space kept for an advertisement or later matter: a labelled, ruled box. */
export interface Reserve {
  columns: number;
  /** pt */
  height: number;
  at: ReserveCorner;
  label?: string;
}

export interface Nameplate {
  title: string;
  subtitle?: string;
  issue?: string;
}

export interface Plan {
  /** The plan file (messages name it). */
  file: string;
  template?: string;
  /** YYYY-MM-DD: the date on the page's strip. */
  date?: string;
  nameplate?: Nameplate;
  /** The number of the plan's first page. */
  folio: number;
  /** The title of the briefs column. */
  briefsLabel: string;
  stories: PlanStory[];
  reserve: Reserve[];
}
