import type { FlowItem } from "../../src/layout/flow.js";
import type { SetLine } from "../../src/text/finalize.js";

/**
 * Paragraphs with the given line counts, for the flow and its balancing: only the counts
 * matter. `keep` lists the ones kept with the next; none can be reset.
 */
export function flowItems(counts: number[], keep: number[] = []): FlowItem[] {
  return counts.map((n, i) => ({
    set: {
      text: "",
      rtl: true,
      missing: [],
      lines: Array.from(
        { length: n },
        (_, k) =>
          ({ pieces: [], visual: [], start: 0, end: 0, width: 0, last: k === n - 1 }) as SetLine,
      ),
    },
    kind: "body",
    align: "justify",
    firstIndent: 0,
    paragraph: i,
    keepWithNext: keep.includes(i),
  }));
}
