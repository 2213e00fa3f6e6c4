import { availableParallelism } from "node:os";
import type { Argv, CommandModule } from "yargs";
import { SahifaError } from "../errors.js";

interface ServeArgs {
  port: number;
  host: string;
  concurrency: number;
  queueSize: number;
  timeout: number;
  bodyLimit: number;
  requestTimeout: number;
  log: boolean;
}

/** A flag's number, checked: a whole number at least `min`, or any number above 0. */
function checked(name: string, value: number, min?: number): number {
  const ok = min === undefined ? value > 0 : Number.isInteger(value) && value >= min;
  if (!ok) {
    const expected = min === undefined ? "a number above 0" : `a whole number from ${min}`;
    throw new SahifaError("USAGE", `--${name}: expected ${expected}, got ${value}`);
  }
  return value;
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: "serve",
  describe: "Render articles sent over HTTP (POST /render, /layout) with warm fonts",
  builder: (yargs: Argv<object>) =>
    yargs
      .option("port", {
        alias: "p",
        type: "number",
        default: 8080,
        describe: "Port to listen on (0: any free one)",
      })
      .option("host", {
        type: "string",
        default: "127.0.0.1",
        describe: "Address to listen on (0.0.0.0: every interface)",
      })
      .option("concurrency", {
        alias: "c",
        type: "number",
        default: availableParallelism(),
        describe: "Render threads (articles rendered at once)",
      })
      .option("queue-size", {
        type: "number",
        default: 64,
        describe: "Renders that may wait for a thread; more are refused with 429",
      })
      .option("timeout", {
        type: "number",
        default: 30,
        describe:
          "Seconds a render may take from the request's arrival, queueing included (then 503)",
      })
      .option("body-limit", {
        type: "number",
        default: 10,
        describe: "Largest request, MB, a form's photos included (then 413)",
      })
      .option("request-timeout", {
        type: "number",
        default: 30,
        describe: "Seconds a client has to send its whole request (slow clients are cut off)",
      })
      .option("log", {
        type: "boolean",
        default: false,
        describe: "Log each request (JSON lines on stdout)",
      })
      .example(
        "$0 serve --port 8080",
        "Then: curl -H 'content-type: text/markdown' --data-binary @story.md localhost:8080/render -o story.pdf",
      )
      .epilog(
        "Stops gracefully on SIGTERM or SIGINT: requests in flight finish first.",
      ) as unknown as Argv<ServeArgs>,
  handler: async (args) => {
    const { createService } = await import("../serve/app.js");
    const service = createService({
      concurrency: checked("concurrency", args.concurrency, 1),
      queueSize: checked("queue-size", args.queueSize, 0),
      timeoutMs: checked("timeout", args.timeout) * 1000,
      bodyLimit: Math.round(checked("body-limit", args.bodyLimit) * 1024 * 1024),
      requestTimeoutMs: checked("request-timeout", args.requestTimeout) * 1000,
      logger: args.log,
    });
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`sahifa: ${signal}: finishing the requests in flight\n`);
      void service.close().then(() => process.exit(0));
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
    try {
      const address = await service.app.listen({ port: args.port, host: args.host });
      process.stderr.write(
        `sahifa: listening on ${address}, warming ${args.concurrency} render threads\n`,
      );
      await service.warm();
    } catch (error) {
      await service.close();
      throw error;
    }
    process.stderr.write("sahifa: ready\n");
  },
};
