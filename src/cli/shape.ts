import type { CommandModule } from "yargs";

/** `sahifa shape`: an hb-shape-compatible view of the shaper (written by the shaping work). */
export const shapeCommand: CommandModule = {
  command: "shape [text]",
  describe: "Shape text with HarfBuzz and print glyphs, like hb-shape",
  handler: () => {
    throw new Error("not yet implemented");
  },
};
