/** Minimal ambient types for the `linebreak` package (UAX #14, v1.1.0), which ships none. */
declare module "linebreak" {
  /** A break opportunity before `string[position]` (UTF-16 offset); `required` when mandatory. */
  export interface Break {
    position: number;
    required: boolean;
  }

  export default class LineBreaker {
    constructor(string: string);
    /** The next break opportunity, or null once the end of the string has been returned. */
    nextBreak(): Break | null;
    /**
     * Undocumented: reads the next code point and returns its line-break class, numbered as in
     * the package's src/classes.js (OP = 0 … XX = 42), with AI, SA, XX mapped to AL and CJ to NS.
     */
    nextCharClass(): number;
  }
}
