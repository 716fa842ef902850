/**
 * Entry of one expression process (expression-pool.ts starts them): runs the jobs it is sent, one at a time and
 * in order, and answers each as soon as it is done, so the pool knows which job is running and since when. A
 * separate process, not a worker thread, because V8 aborts the whole process when a worker's heap limit is
 * passed by one big allocation (nodejs/node#47224: `$sort([1..10000000])` did at 128 MB), while here it only
 * ends this process. It ends with its parent: the IPC channel closing is the signal.
 */

import { evaluateExpression, firstTrue, resolveParams } from "./evaluate.js";
import { evaluateChain } from "./evaluate-chain.js";
import { ExpressionError } from "./expression-error.js";
import type { Job, JobBatch, ProcessReply } from "./pool-protocol.js";

const maxOutputBytes = Number(process.argv[2]);

async function run(job: Job): Promise<unknown> {
  const data: unknown = job.data === undefined ? undefined : JSON.parse(job.data);
  const options = { timeoutMs: job.timeoutMs, maxOutputBytes };
  switch (job.kind) {
    case "evaluate":
      return evaluateExpression(job.source, data, options);
    case "first-true":
      return firstTrue(job.sources, data, options);
    case "params":
      return resolveParams(JSON.parse(job.params), data as never, {
        ...options,
        ...(job.secretNonce === undefined ? {} : { secretNonce: job.secretNonce }),
      });
    case "chain":
      return evaluateChain(job.steps, data, options);
  }
}

function send(reply: ProcessReply): void {
  process.send?.(reply);
}

async function answer(job: Job): Promise<void> {
  try {
    const value = await run(job);
    send(value === undefined ? { id: job.id } : { id: job.id, json: JSON.stringify(value) });
  } catch (error) {
    const e =
      error instanceof ExpressionError
        ? error
        : new ExpressionError(`expression failed: ${String((error as Error)?.message ?? error)}`, "expression-error");
    send({
      id: job.id,
      error: {
        message: e.message.replace(/\s+/g, " "),
        code: e.code,
        ...(e.position === undefined ? {} : { position: e.position }),
      },
    });
  }
}

let queue = Promise.resolve();
process.on("message", (batch: JobBatch) => {
  for (const job of batch.jobs) queue = queue.then(() => answer(job));
});
process.on("disconnect", () => process.exit(0));
send({ ready: true });
