import type { CommandModule } from "yargs";
import { plural } from "./common.js";

interface TemplatesArgs {
  json?: boolean;
}

export const templatesCommand: CommandModule<object, TemplatesArgs> = {
  command: "templates",
  describe: "List the shipped page templates",
  builder: (y) =>
    y
      .option("json", { type: "boolean", describe: "Print JSON" })
      .example("$0 templates", "Name, page size, columns and description of each template")
      .example("$0 templates --json", "The same as JSON"),
  handler: async (args) => {
    const { listTemplates, loadTemplate } = await import("../layout/template.js");
    const rows = listTemplates().map((t) => {
      const template = loadTemplate(t.path);
      const mm = (pt: number) => Math.round((pt * 25.4) / 72);
      return {
        name: t.name,
        description: t.description,
        page: `${mm(template.page.width)}×${mm(template.page.height)} mm`,
        columns: template.columns.count,
      };
    });
    if (args.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    const width = Math.max(...rows.map((r) => r.name.length));
    for (const r of rows) {
      process.stdout.write(
        `${r.name.padEnd(width)}  ${r.page.padEnd(14)} ${plural(r.columns, "column").padEnd(10)} ${r.description}\n`,
      );
    }
  },
};
