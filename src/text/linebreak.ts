/**
 * Line-break opportunities (UAX #14) and grapheme boundaries for the line breaker.
 *
 * Arabic is never hyphenated, so there is no hyphenation here at all: a line ends only at a
 * UAX #14 opportunity, and a word wider than the whole line is split, as a last resort, at a
 * grapheme boundary (a letter keeps its harakat), with no hyphen added.
 *
 * The opportunities come from the `linebreak` package (UAX #14 of Unicode 13, pair-table
 * implementation), corrected here where it misses opportunities that the Unicode 15 rules
 * with the numeric tailoring of UAX #14 §8.2 Example 7 (the one LineBreakTest.txt uses) allow:
 *  - LB25: `IS`/`SY` before `NU`, `CL`/`CP` before `PO`/`PR`, and `PR`/`PO` before `OP` are
 *    unbreakable only inside a number ("12:30", "(12)%", "$(12"); elsewhere ("a.2", "x/2",
 *    "(a)%", "%(a") they allow a break, which `linebreak` never does.
 *  - LB30: a letter or digit sticks only to an opening bracket that is not East Asian wide;
 *    `linebreak` also glues it to wide ones ("（", "「").
 *  - LB4/LB5: the end of a text that ends in a newline is a mandatory break.
 * One tailoring goes past Unicode 15.0, to Unicode 15.1's LB15a/LB15b: a closing quotation
 * mark (\p{Pf}) and spaces no longer hold on to an opening bracket, so «كولومبيا» (STS-93)
 * may break after its space. Unicode 15.0's LB15 (QU SP* × OP) glued the two into one token
 * a narrow column could only set with wide spaces; LineBreakTest 15.0 has no such case.
 * The one remaining difference from LineBreakTest.txt (LB30b, an unassigned pictographic code
 * point before an emoji modifier) cannot occur in Arabic news text.
 */

import LineBreaker from "linebreak";
import { memoCodePoint } from "../util/memo.js";

/** A line may break before `text[position]` (a UTF-16 offset); `required` for a forced break. */
export interface BreakOpportunity {
  position: number;
  required: boolean;
}

/** UAX #14 line-break classes as `linebreak` numbers them (its src/classes.js). */
const OP = 0;
const CL = 1;
const CP = 2;
const QU = 3;
const SY = 7;
const IS = 8;
const PR = 9;
const PO = 10;
const NU = 11;
const AL = 12;
const HL = 13;
const ZW = 20;
const CM = 21;
const ZWJ = 31;
const BK = 34;
const CR = 36;
const LF = 37;
const NL = 38;
const SP = 41;

/** The line-break class `linebreak` gives a code point (AI, SA, XX → AL; CJ → NS). */
const lineBreakClass = memoCodePoint((cp) =>
  new LineBreaker(String.fromCodePoint(cp)).nextCharClass(),
);

// `nextCharClass` is not documented API: fail loudly if a `linebreak` upgrade changes it.
if (
  typeof LineBreaker.prototype.nextCharClass !== "function" ||
  lineBreakClass(0x28) !== OP ||
  lineBreakClass(0x660) !== NU ||
  lineBreakClass(0x60c) !== IS ||
  lineBreakClass(0x64e) !== CM ||
  lineBreakClass(0x20) !== SP
) {
  throw new Error(
    "linebreak: unexpected LineBreaker internals; src/text/linebreak.ts needs review",
  );
}

/** East Asian Width F, W or H, for the code points `linebreak` classes OP (checked for 13.0). */
function isWideOpening(cp: number): boolean {
  return (
    cp === 0x2329 ||
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xfe10 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xffef)
  );
}

const CLOSING_QUOTE = /^\p{Pf}$/u;

/** Classes a combining mark cannot attach to (LB9). */
const NO_BASE = [BK, CR, LF, NL, SP, ZW];

/** What is known of a position in `breakOpportunities`: no break, a break, a required one. */
const NO_BREAK = 0;
const BREAK = 1;
const REQUIRED = 2;

/** UAX #14 opportunities in `text`; excludes 0, ends with `text.length` (none for ""). */
export function breakOpportunities(text: string): BreakOpportunity[] {
  if (text.length === 0) return [];

  // By UTF-16 position: typed arrays rather than a map, lists and a sort, as every paragraph of
  // every page comes through here.
  const breaks = new Uint8Array(text.length + 1);
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk !== null; bk = breaker.nextBreak()) {
    if (bk.position > 0) breaks[bk.position] = bk.required ? REQUIRED : BREAK;
  }

  // Code points: UTF-16 start, raw class, and class after LB9/LB10 (a combining mark or ZWJ
  // takes its base's class, or AL when it has none); `attached` marks those that take a base's.
  const starts = new Int32Array(text.length);
  const raw = new Uint8Array(text.length);
  const resolved = new Uint8Array(text.length);
  const attached = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const cls = lineBreakClass(cp);
    const mark = cls === CM || cls === ZWJ;
    const joins = mark && n > 0 && !NO_BASE.includes(raw[n - 1] as number);
    starts[n] = i;
    raw[n] = cls;
    attached[n] = joins ? 1 : 0;
    resolved[n] = joins ? (resolved[n - 1] as number) : mark ? AL : cls;
    n++;
    i += cp > 0xffff ? 2 : 1;
  }

  /** Index of the first code point of the LB9 cluster (base + attached marks) holding `k`. */
  const clusterStart = (k: number): number => {
    let j = k;
    while (j > 0 && attached[j]) j--;
    return j;
  };
  /** Does the run of NU/SY/IS clusters ending with the cluster that holds `k` contain an NU? */
  const inNumber = (k: number): boolean => {
    for (let j = k; j >= 0; j = clusterStart(j) - 1) {
      const cls = resolved[j];
      if (cls === NU) return true;
      if (cls !== SY && cls !== IS) return false;
    }
    return false;
  };
  /** Class of the cluster after the one that starts at `k`, if any. */
  const nextClusterClass = (k: number): number | undefined => {
    let j = k + 1;
    while (j < n && attached[j]) j++;
    return j < n ? resolved[j] : undefined;
  };

  for (let k = 1; k < n; k++) {
    const position = starts[k] as number;
    // LB9 keeps marks on their base; LB8a: no break after a ZWJ; already a break: nothing to do.
    if (attached[k] || raw[k - 1] === ZWJ || breaks[position] !== NO_BREAK) continue;
    const before = resolved[k - 1];
    const after = resolved[k];
    let opens = false;
    if (after === OP) {
      if (before === AL || before === HL || before === NU) {
        // LB30: (AL | HL | NU) × OP only for non-wide OP.
        opens = isWideOpening(text.codePointAt(position) ?? 0);
      } else if (before === PR || before === PO) {
        // LB25: (PR | PO) × OP NU.
        opens = nextClusterClass(k) !== NU;
      } else if (raw[k - 1] === SP) {
        // Unicode 15.1 LB15b: a closing quote and spaces before an opening bracket may break.
        let j = k - 1;
        while (j > 0 && raw[j] === SP) j--;
        const quote = String.fromCodePoint(text.codePointAt(starts[j] as number) ?? 0);
        opens = raw[j] === QU && CLOSING_QUOTE.test(quote);
      }
    } else if (after === NU && (before === IS || before === SY)) {
      // LB25: NU (NU | SY | IS)* × (NU | SY | IS).
      opens = !inNumber(k - 1);
    } else if ((after === PO || after === PR) && (before === CL || before === CP)) {
      // LB25: NU (NU | SY | IS)* (CL | CP) × (PO | PR).
      const bracket = clusterStart(k - 1);
      opens = bracket === 0 || !inNumber(bracket - 1);
    }
    if (opens) breaks[position] = BREAK;
  }

  // LB4/LB5: a newline at the very end is a mandatory break too.
  const last = raw[n - 1];
  if (last === BK || last === CR || last === LF || last === NL) breaks[text.length] = REQUIRED;

  const out: BreakOpportunity[] = [];
  for (let position = 1; position <= text.length; position++) {
    const known = breaks[position];
    if (known !== NO_BREAK) out.push({ position, required: known === REQUIRED });
  }
  return out;
}

/** Made on first use: the first Intl object of a process costs ~15 ms of ICU start-up. */
let graphemes: Intl.Segmenter | undefined;

/** Grapheme cluster boundaries in `text` (UTF-16 offsets); excludes 0, ends with `text.length`. */
export function graphemeBoundaries(text: string): number[] {
  const boundaries: number[] = [];
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { index, segment } of graphemes.segment(text)) {
    boundaries.push(index + segment.length);
  }
  return boundaries;
}
