/**
 * One process of the expression pool: starts expression-process.ts with the heap limit, says when it is ready,
 * sends it batches and hands its replies and its end to the pool. Idle, it does not keep the runtime alive
 * (tests and `mfo` commands end when their work does).
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { JobBatch, ProcessReply } from "./pool-protocol.js";

// Built, this module is dist/expression/pool-process.js beside expression-process.js. Under vitest it is the
// TypeScript source, and the process runs expression-process.ts through tsx (as registry/validation-worker.ts).
const fromSource = import.meta.url.endsWith(".ts");
const entry = fileURLToPath(new URL(`./expression-process${fromSource ? ".ts" : ".js"}`, import.meta.url));

export interface PoolProcessOptions {
  heapMb: number;
  maxOutputBytes: number;
  onReady(): void;
  onReply(reply: Exclude<ProcessReply, { ready: true }>): void;
  /** It ended: `signal` SIGABRT is V8 giving up at the heap limit; `stderr` is the end of what it printed. */
  onExit(signal: NodeJS.Signals | null, stderr: string): void;
}

export interface PoolProcess {
  readonly ready: boolean;
  send(batch: JobBatch): void;
  /** Whether it keeps the runtime alive (it should while it has work). */
  hold(busy: boolean): void;
  kill(): void;
}

/** The last 2 KB it wrote to stderr, for the message when it could not start. */
function stderrTail(child: ChildProcess): () => string {
  let tail = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-2048);
  });
  return () => tail;
}

/** Starts one expression process. */
export function startPoolProcess(options: PoolProcessOptions): PoolProcess {
  const child = fork(entry, [String(options.maxOutputBytes)], {
    // Not the parent's flags nor its environment: an expression needs neither (and must see no secret in it).
    execArgv: [...(fromSource ? ["--import", "tsx"] : []), `--max-old-space-size=${options.heapMb}`],
    env: {},
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const stderr = stderrTail(child);
  let ready = false;
  child.on("message", (reply: ProcessReply) => {
    if ("ready" in reply) {
      ready = true;
      options.onReady();
    } else options.onReply(reply);
  });
  child.on("exit", (_code, signal) => options.onExit(signal, stderr()));
  // A failed spawn also emits exit; without a listener the error would be thrown.
  child.on("error", () => {});
  const hold = (busy: boolean) => {
    const handles = [child, child.channel, child.stderr] as Array<{ ref?(): void; unref?(): void } | null>;
    for (const handle of handles) busy ? handle?.ref?.() : handle?.unref?.();
  };
  hold(true);
  return {
    get ready() {
      return ready;
    },
    send(batch) {
      child.send(batch);
    },
    hold,
    kill() {
      child.kill("SIGKILL");
    },
  };
}
