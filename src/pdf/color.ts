import { num } from "./glyphRuns.js";

/** Colours as the PDF is told to paint them: screen RGB, or press CMYK. */
export type ColorModel = "rgb" | "cmyk";

/** Neutral greys this dark print as pure black ink: body text must not be a four-colour mix. */
const BLACK_THRESHOLD = 0.2;

function channels(color: string | undefined): [number, number, number] {
  const hex = color ?? "#000000";
  const [r = 0, g = 0, b = 0] = [1, 3, 5].map(
    (i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255,
  );
  return [r, g, b];
}

/**
 * "#rrggbb" as colour operands. In CMYK, greys use black ink alone (K only) and near-black is
 * K=100; other colours take the plain complement with grey component replacement.
 */
export function colorOperands(color: string | undefined, model: ColorModel): string {
  const key = `${model}${color}`;
  let operands = known.get(key);
  if (operands === undefined) {
    operands = computeOperands(color, model);
    known.set(key, operands);
  }
  return operands;
}

/** Every piece of text asks for its colour: the few colours of a template are worked out once. */
const known = new Map<string, string>();

function computeOperands(color: string | undefined, model: ColorModel): string {
  const [r, g, b] = channels(color);
  if (model === "rgb") return [r, g, b].map(num).join(" ");
  if (r === g && g === b) return `0 0 0 ${num(r <= BLACK_THRESHOLD ? 1 : 1 - r)}`;
  const k = 1 - Math.max(r, g, b);
  const [c, m, y] = [r, g, b].map((v) => (1 - v - k) / (1 - k));
  return [c ?? 0, m ?? 0, y ?? 0, k].map(num).join(" ");
}

/** The fill (text) operator for a colour. */
export function fillColor(color: string | undefined, model: ColorModel): string {
  return `${colorOperands(color, model)} ${model === "rgb" ? "rg" : "k"}`;
}

/** The stroke (rules) operator for a colour. */
export function strokeColor(color: string | undefined, model: ColorModel): string {
  return `${colorOperands(color, model)} ${model === "rgb" ? "RG" : "K"}`;
}
