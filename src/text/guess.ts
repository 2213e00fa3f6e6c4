/**
 * hb_buffer_guess_segment_properties() in TypeScript, for callers (the `sahifa shape` CLI) that
 * are given text without a direction: the script is that of the first character whose script is
 * not Common, Inherited or Unknown, and the direction is the script's horizontal direction.
 */
import type { Direction } from "./types.js";

/**
 * ISO 15924 codes of the Unicode scripts (Unicode 17). A code is also the short Unicode alias
 * a regular expression accepts in `\p{Script=…}`; codes this JavaScript engine's Unicode
 * version does not know are skipped.
 */
const SCRIPT_CODES = (
  "Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah Brai Bugi " +
  "Buhd Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba " +
  "Elym Ethi Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr " +
  "Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana " +
  "Laoo Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero " +
  "Mlym Modi Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh " +
  "Orya Osge Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb " +
  "Saur Sgnw Shaw Shrd Sidd Sidt Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr " +
  "Tale Talu Taml Tang Tavt Tayo Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr Tols Toto Tutg " +
  "Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb"
).split(" ");

/** Scripts written right to left, as in hb_script_get_horizontal_direction(). */
const RTL_SCRIPTS = new Set(
  (
    "arab hebr syrc thaa cprt khar phnx nkoo lydi avst armi phli prti sarb orkh samr mand merc " +
    "mero mani mend nbat narb palm phlp hatr adlm rohg sogo sogd elym chrs yezi ougr gara sidt"
  ).split(" "),
);

let scriptTests: { tag: string; test: RegExp }[] | undefined;

function tests(): { tag: string; test: RegExp }[] {
  if (!scriptTests) {
    scriptTests = [];
    // The scripts an Arabic typesetter meets most go first; the order changes only speed.
    const order = ["Arab", "Latn", ...SCRIPT_CODES.filter((c) => c !== "Arab" && c !== "Latn")];
    for (const code of order) {
      try {
        scriptTests.push({
          tag: code.toLowerCase(),
          test: new RegExp(`^\\p{Script=${code}}$`, "u"),
        });
      } catch {
        // A script newer than this engine's Unicode tables: no character can have it here.
      }
    }
  }
  return scriptTests;
}

/** Characters whose script is Common, Inherited or Unknown: they do not decide the script. */
const NO_REAL_SCRIPT = /^[\p{Script=Zyyy}\p{Script=Zinh}\p{Script=Zzzz}]$/u;

/** The ISO 15924 tag ("arab", "latn") of a character's Unicode script, lower case. */
export function scriptOf(char: string): string {
  if (/^\p{Script=Zinh}$/u.test(char)) return "zinh";
  if (/^\p{Script=Zyyy}$/u.test(char)) return "zyyy";
  for (const { tag, test } of tests()) if (test.test(char)) return tag;
  return "zzzz";
}

/**
 * The script HarfBuzz guesses for the text: the first character's script that is not Common,
 * Inherited or Unknown; undefined when there is none (HarfBuzz then shapes as Common).
 */
export function guessScript(text: string): string | undefined {
  for (const char of text) {
    if (NO_REAL_SCRIPT.test(char)) continue;
    const script = scriptOf(char);
    if (script !== "zzzz") return script;
  }
  return undefined;
}

/**
 * A script's horizontal direction (hb_script_get_horizontal_direction): "rtl" for the
 * right-to-left scripts, "ltr" otherwise, including for scripts written either way and for no
 * script at all, as hb_buffer_guess_segment_properties() decides. Accepts what hb-shape's
 * --script does: an ISO 15924 tag in any case, of which only the first four letters count.
 */
export function scriptDirection(script: string | undefined): Direction {
  if (!script) return "ltr";
  const tag = script.slice(0, 4).toLowerCase();
  // Old Hungarian, Old Italic, Runic and Tifinagh have no fixed direction in HarfBuzz, which
  // then falls back to LTR like every other script.
  return RTL_SCRIPTS.has(tag) ? "rtl" : "ltr";
}

/**
 * Fills in what the caller left out the way hb_buffer_guess_segment_properties() does: a
 * missing script from the text, a missing direction from the (given or guessed) script.
 */
export function guessSegmentProperties(
  text: string,
  given: { direction?: Direction | undefined; script?: string | undefined } = {},
): { direction: Direction; script: string | undefined } {
  const script = given.script ?? guessScript(text);
  return { direction: given.direction ?? scriptDirection(script), script };
}
