// Runs the built command line while sampling its peak resident set (VmHWM, threads included)
// every 20 ms from /proc: the benchmarks' memory figures.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const cli = join(new URL("..", import.meta.url).pathname, "dist/cli/main.js");

/** `sahifa …args`: its time, peak RSS in kB and stderr; throws when it fails. */
export async function peakOf(args) {
  const child = spawn(cli, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => {
    stderr += d;
  });
  const t = performance.now();
  let peakKb = 0;
  const timer = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {}
  }, 20);
  const status = await new Promise((resolve) => child.on("exit", resolve));
  clearInterval(timer);
  if (status !== 0) throw new Error(`sahifa ${args.join(" ")} failed: ${stderr.slice(-2000)}`);
  return { ms: performance.now() - t, peakKb, stderr };
}
