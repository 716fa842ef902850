/**
 * A straight run of `transform` phases evaluated in one job (the engine plans it: engine/transform-chain.ts):
 * each expression sees `{ input, phases, vars }` as it would if the engine had run the phases before it one by
 * one, their outputs placed where the engine puts them. What the engine writes that the process cannot know
 * is the chained phases' timestamps (`startedAt`, `finishedAt`: the clock when the engine applies each one).
 * Those fields are getters here: an expression that reads one (directly, through `$string`, `$each`, a result
 * holding the entry...) stops the chain before it, and the engine evaluates it the ordinary way, so no result
 * can differ from the unchained run.
 */
import { budgetOf, type CoreOptions, checkOutput, evaluateSandboxed, sandbox, toSandboxData } from "./evaluate.js";
import { type ExpressionError, timeoutOf } from "./expression-error.js";
import type { ChainResult, ChainStep } from "./pool-protocol.js";

type Entry = Record<string, unknown>;

/** A null-prototype copy of `from` (the phase entry's fields in the engine's order), then `set` applied. */
function entryFrom(from: Entry | undefined, set: Entry, unknowable: string[], onRead: () => void): Entry {
  // The order and defaults of RunState.phase(), then the fields a run writes, as the engine does.
  const base = from ?? { status: "running", attempts: 0, startedAt: null, finishedAt: null, error: null };
  const entry = Object.create(null) as Entry;
  for (const key of Object.keys(base)) Object.defineProperty(entry, key, describe(base, key));
  for (const [key, value] of Object.entries(set)) entry[key] = value;
  for (const key of unknowable)
    Object.defineProperty(entry, key, {
      enumerable: true,
      configurable: true,
      get() {
        onRead();
        return null;
      },
    });
  return entry;
}

/** Keeps a getter a getter (an earlier chained entry's timestamps), copies a value. */
function describe(from: Entry, key: string): PropertyDescriptor {
  const own = Object.getOwnPropertyDescriptor(from, key);
  if (own?.get) return { ...own, configurable: true };
  return { value: from[key], enumerable: true, writable: true, configurable: true };
}

/**
 * Evaluates the steps in order over `data` ({ input, phases, vars }), the first one as the engine's context
 * has it now (its phase started), each next one with the previous phases completed and its own started.
 * The time limit and the output limit apply to each expression alone.
 */
export async function evaluateChain(
  steps: readonly ChainStep[],
  data: unknown,
  options?: CoreOptions,
): Promise<ChainResult> {
  const timeoutMs = timeoutOf(options);
  const view = sandbox(data) as { phases?: Record<string, Entry> };
  view.phases ??= Object.create(null) as Record<string, Entry>;
  const phases = view.phases;
  const outputs: unknown[] = [];
  let read = false;
  const onRead = () => {
    read = true;
  };
  for (const [index, step] of steps.entries()) {
    if (index > 0)
      phases[step.nodeId] = entryFrom(
        phases[step.nodeId],
        { status: "running", attempts: Number(phases[step.nodeId]?.attempts ?? 0) + 1, finishedAt: null },
        ["startedAt"],
        onRead,
      );
    const budget = budgetOf(options);
    let result: unknown;
    try {
      result = await evaluateSandboxed(step.source, view, timeoutMs, budget);
      checkOutput(result, budget);
    } catch (error) {
      if (read) return { outputs };
      const e = error as ExpressionError;
      return {
        outputs,
        error: {
          message: e.message.replace(/\s+/g, " "),
          code: e.code,
          ...(e.position === undefined ? {} : { position: e.position }),
        },
      };
    }
    if (read) return { outputs };
    // What the engine holds: the transform handler's `?? null`, then a JSON round trip (-0 becomes 0).
    const output: unknown = JSON.parse(JSON.stringify(result ?? null));
    outputs.push(output);
    phases[step.nodeId] = entryFrom(
      phases[step.nodeId],
      { status: "completed", error: null, output: toSandboxData(output) },
      ["finishedAt"],
      onRead,
    );
  }
  return { outputs };
}
