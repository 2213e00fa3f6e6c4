/**
 * A page's geometry worked out from the template's own numbers, for tests to check layouts
 * against: never taken from sahifa's code.
 */
import type { Template } from "../../src/layout/template.js";

export interface Geometry {
  left: number;
  right: number;
  top: number;
  bottom: number;
  count: number;
  columnWidth: number;
  columnLeft(c: number): number;
  columnRight(c: number): number;
  baseline: number;
}

export function geometryOf(t: Template, rtl = true): Geometry {
  const left = t.margins.left;
  const right = t.page.width - t.margins.right;
  const { count, gutter } = t.columns;
  const columnWidth = (right - left - (count - 1) * gutter) / count;
  const columnRight = (c: number) =>
    rtl
      ? right - (c - 1) * (columnWidth + gutter)
      : left + (c - 1) * (columnWidth + gutter) + columnWidth;
  return {
    left,
    right,
    top: t.margins.top,
    bottom: t.page.height - t.margins.bottom,
    count,
    columnWidth,
    columnRight,
    columnLeft: (c) => columnRight(c) - columnWidth,
    baseline: t.baseline,
  };
}
