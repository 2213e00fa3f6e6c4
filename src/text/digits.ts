/**
 * Digit styles: the digits of numbers in Arabic-script text set as European (0-9),
 * Arabic-Indic (٠-٩) or Extended Arabic-Indic (۰-۹, Persian and Urdu) digits, or as written.
 * Like babel's mapdigits, only numbers in Arabic text change: a number in Latin context
 * (EGX30, S&P 500, COVID-19, a URL, an e-mail address) keeps its digits.
 */

export type DigitStyle = "latin" | "arabic" | "persian" | "source";

export const DIGIT_STYLES: readonly DigitStyle[] = ["latin", "arabic", "persian", "source"];

const ZERO = { latin: 0x30, arabic: 0x660, persian: 0x6f0 } as const;

/**
 * The separators each style writes: with Arabic-Indic digits the Arabic decimal separator
 * (٫), thousands separator (٬) and percent sign (٪), as alreq describes.
 */
const MARKS = {
  latin: { decimal: ".", thousands: ",", percent: "%" },
  arabic: { decimal: "\u066b", thousands: "\u066c", percent: "\u066a" },
  persian: { decimal: "\u066b", thousands: "\u066c", percent: "\u066a" },
} as const;

/** A digit's value in any of the three sets, or -1. */
function digitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x660 && code <= 0x669) return code - 0x660;
  if (code >= 0x6f0 && code <= 0x6f9) return code - 0x6f0;
  return -1;
}

const DECIMALS = new Set([".", "\u066b"]);
const THOUSANDS = new Set([",", "\u066c"]);
const PERCENTS = new Set(["%", "\u066a"]);
const ARABIC_LETTER = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}]/u;
const LETTER = /\p{L}/u;

/**
 * `text` with the digits of its Arabic-context numbers in `style`. A number is in Arabic
 * context when the nearest letter before it is Arabic-script (or there is none, in a
 * right-to-left paragraph) and no letter is glued to its end (5G). The text keeps its length:
 * every change is one UTF-16 unit for one.
 */
export function applyDigits(text: string, style: DigitStyle, rtl: boolean): string {
  if (style === "source") return text;
  const zero = ZERO[style];
  const marks = MARKS[style];
  let out = "";
  let arabicContext = rtl;
  let i = 0;
  while (i < text.length) {
    const char = text[i] as string;
    if (digitValue(char.charCodeAt(0)) < 0) {
      if (LETTER.test(char)) arabicContext = ARABIC_LETTER.test(char);
      out += char;
      i++;
      continue;
    }
    // The number: digits, separators between digits, and a percent sign after them.
    let end = i;
    while (end < text.length) {
      if (digitValue(text.charCodeAt(end)) >= 0) end++;
      else if (
        (DECIMALS.has(text[end] as string) || THOUSANDS.has(text[end] as string)) &&
        digitValue(text.charCodeAt(end + 1)) >= 0
      )
        end++;
      else break;
    }
    const percent = PERCENTS.has(text[end] as string);
    const after = text[end + (percent ? 1 : 0)];
    const glued = after !== undefined && LETTER.test(after) && !ARABIC_LETTER.test(after);
    const number = text.slice(i, end);
    if (!arabicContext || glued) {
      out += number + (percent ? (text[end] as string) : "");
    } else {
      for (const c of number) {
        const value = digitValue(c.charCodeAt(0));
        if (value >= 0) out += String.fromCharCode(zero + value);
        else out += DECIMALS.has(c) ? marks.decimal : marks.thousands;
      }
      if (percent) out += marks.percent;
    }
    i = end + (percent ? 1 : 0);
  }
  return out;
}
