/** Reading a PDF page's content stream: operators with their marked content and CTM, painted paths. */
import type * as mupdf from "mupdf";
import { expect } from "vitest";
import { latin1 } from "./pdfString.js";

/** A page's content, decompressed (one stream or an array of them). */
export function contentOf(page: mupdf.PDFObject): string {
  const contents = page.get("Contents");
  if (contents.isArray()) {
    const parts: string[] = [];
    for (let i = 0; i < contents.length; i++)
      parts.push(latin1(contents.get(i).readStream().asUint8Array()));
    return parts.join("\n");
  }
  return latin1(contents.readStream().asUint8Array());
}

/** One marked-content sequence a drawing operator is inside. */
export interface Mark {
  tag: string;
  mcid?: number;
}

/** A content-stream operator with its operands and the marked content around it. */
export interface Op {
  op: string;
  args: string[];
  marks: Mark[];
  /** The CTM when the operator runs. */
  ctm: number[];
}

const TOKEN =
  /\s*(?:%[^\r\n]*|(<<|>>|\[|\]|\{|\})|(<[0-9A-Fa-f\s]*>)|(\((?:\\[\s\S]|[^\\)])*\))|(\/[^\s/<>[\]()%{}]*)|([+-]?(?:\d+\.?\d*|\.\d+))|([A-Za-z'"*][A-Za-z0-9*]*))/y;

function multiply(m: number[], n: number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  const [a2 = 0, b2 = 0, c2 = 0, d2 = 0, e2 = 0, f2 = 0] = n;
  return [
    a * a2 + b * c2,
    a * b2 + b * d2,
    c * a2 + d * c2,
    c * b2 + d * d2,
    e * a2 + f * c2 + e2,
    e * b2 + f * d2 + f2,
  ];
}

function apply(m: number[], x: number, y: number): [number, number] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  return [a * x + c * y + e, b * x + d * y + f];
}

/** Operators in order, each with its operands, the marked content around it and the CTM. */
export function operators(content: string): Op[] {
  const ops: Op[] = [];
  const marks: Mark[] = [];
  const saved: number[][] = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  let args: string[] = [];
  let at = 0;
  while (at < content.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(content);
    if (!m) {
      if (/^\s*$/.test(content.slice(at))) break;
      throw new Error(`content stream: cannot read ${JSON.stringify(content.slice(at, at + 30))}`);
    }
    at = TOKEN.lastIndex;
    const op = m[6];
    const operand = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
    if (operand !== undefined) {
      args.push(operand);
      continue;
    }
    if (op === undefined) continue; // a comment
    if (op === "BDC" || op === "BMC") {
      const mcid = args.indexOf("/MCID");
      marks.push({
        tag: (args[0] ?? "").slice(1),
        ...(mcid >= 0 ? { mcid: Number(args[mcid + 1]) } : {}),
      });
    }
    ops.push({ op, args, marks: [...marks], ctm });
    if (op === "EMC") marks.pop();
    else if (op === "q") saved.push(ctm);
    else if (op === "Q") ctm = saved.pop() ?? ctm;
    else if (op === "cm") ctm = multiply(args.map(Number), ctm);
    args = [];
  }
  expect(marks, "every BDC has its EMC").toEqual([]);
  return ops;
}

export const TEXT_SHOWING = new Set(["TJ", "Tj", "'", '"']);
export const PAINTING = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"]);

/** A stroked or filled path's segments, in default user space (PDF y up). */
export interface Segment {
  from: [number, number];
  to: [number, number];
  marks: Mark[];
  paint: string;
}

export function paintedSegments(ops: readonly Op[]): Segment[] {
  const segments: Segment[] = [];
  let path: Omit<Segment, "marks" | "paint">[] = [];
  let at: [number, number] = [0, 0];
  for (const { op, args, ctm, marks } of ops) {
    const n = args.map(Number);
    if (op === "m") at = apply(ctm, n[0] ?? 0, n[1] ?? 0);
    else if (op === "l") {
      const to = apply(ctm, n[0] ?? 0, n[1] ?? 0);
      path.push({ from: at, to });
      at = to;
    } else if (op === "re") {
      const [x = 0, y = 0, w = 0, h = 0] = n;
      const corners = [apply(ctm, x, y), apply(ctm, x + w, y), apply(ctm, x + w, y + h)];
      corners.push(apply(ctm, x, y + h));
      corners.forEach((c, i) => {
        path.push({ from: c, to: corners[(i + 1) % 4] ?? c });
      });
    } else if (PAINTING.has(op) || op === "n") {
      if (op !== "n") segments.push(...path.map((s) => ({ ...s, marks, paint: op })));
      path = [];
    }
  }
  return segments;
}
