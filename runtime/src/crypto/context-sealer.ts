/**
 * Seals and opens an instance context. It knows where the secrets are: the phase output fields a flow marks
 * `sensitive`, plus every place a sealed value was found when the context was read (a child's outputs copied into
 * its parent, a parent's secret passed into a child's input). On the way out those places are sealed whole, and
 * any other string that contains a secret's text (`"Bearer " & token` built by a later phase) is sealed too.
 */
import type { FlowDefinition } from "@mfo/schemas";
import { secretStrings } from "./redact.js";
import { isSealed, SEALED_KEY, type Sealer } from "./sealer.js";

/** Keys to follow from the root; `true` marks a value sealed whole. */
type PathTree = Map<string, PathTree | true>;

interface FlowPlan {
  sensitive: string[][];
  /** Whether instances of the flow may hold sealed values at all (else the context is never walked). */
  walks: boolean;
}

const plans = new WeakMap<FlowDefinition, FlowPlan>();

function planOf(definition: FlowDefinition): FlowPlan {
  let plan = plans.get(definition);
  if (!plan) {
    const sensitive = definition.nodes.flatMap((node) =>
      node.type === "phase" ? (node.sensitive ?? []).map((field) => ["phases", node.id, "output", field]) : [],
    );
    plan = { sensitive, walks: sensitive.length > 0 || definition.nodes.some((node) => node.type === "subflow") };
    plans.set(definition, plan);
  }
  return plan;
}

/**
 * The context sealer of an instance, or undefined when it can hold no secret: a flow without sensitive fields
 * and without subflows, started by a person (not by a parent that could pass a secret in). That is the fast
 * path: its context is stored as it is, without a walk.
 */
export function contextSealerFor(
  definition: FlowDefinition,
  sealer: Sealer,
  isChild: boolean,
): ContextSealer | undefined {
  const plan = planOf(definition);
  return plan.walks || isChild ? new ContextSealer(sealer, plan.sensitive) : undefined;
}

/** Seals and opens the contexts of one instance (it learns sealed places while reading them). */
export class ContextSealer {
  private readonly tree: PathTree = new Map();

  constructor(
    private readonly sealer: Sealer,
    sensitive: Iterable<readonly string[]> = [],
  ) {
    for (const path of sensitive) this.mark(path);
  }

  /** Seals the value at `path` whole from now on. */
  mark(path: readonly string[]): void {
    if (path.length === 0) throw new Error("the root of a context cannot be sealed whole");
    let node = this.tree;
    for (const key of path.slice(0, -1)) {
      const next = node.get(key);
      if (next === true) return;
      if (next) node = next;
      else {
        const created: PathTree = new Map();
        node.set(key, created);
        node = created;
      }
    }
    node.set(path[path.length - 1] as string, true);
  }

  /**
   * Opens every sealed value inside a stored value that sits at `at` in the context, IN PLACE (pass your own
   * copy), and marks where each was so that it is sealed again on the way out. Returns the opened value.
   */
  open(value: unknown, at: readonly string[] = []): unknown {
    return this.openAt(value, [...at]);
  }

  private openAt(value: unknown, path: string[]): unknown {
    if (isSealed(value)) {
      const opened = this.sealer.open(value);
      this.mark(path);
      return opened;
    }
    if (value === null || typeof value !== "object") return value;
    const container = value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      path.push(key);
      container[key] = this.openAt(container[key], path);
      path.pop();
    }
    return value;
  }

  /** The text of the secrets the context holds (at the marked places), for cutting them out of messages. */
  secrets(root: unknown): Set<string> {
    const found = new Set<string>();
    collect(root, this.tree, found);
    return found;
  }

  /**
   * The context as stored (a copy): marked places sealed whole, strings that contain a secret sealed, and plain
   * objects that merely look like a marker sealed as well, so that reading them back cannot mistake them for one.
   */
  seal(root: unknown): unknown {
    return this.sealAt(root, this.tree, [...this.secrets(root)], true);
  }

  /**
   * A node attempt's values as node_attempts stores them (copies): the output sealed as the context seals the
   * place it holds it at, `outputAt` (`phases.<nodeId>.output`: its sensitive fields whole; `input` for the
   * start node), and every string of input, output and detail that contains one of `secrets` (secrets()).
   */
  sealAttempt(
    outputAt: readonly string[],
    parts: { input: unknown; output: unknown; detail: unknown },
    secrets: Iterable<string>,
  ): { input: unknown; output: unknown; detail: unknown } {
    const list = [...secrets];
    let at: PathTree | true | undefined = this.tree;
    for (const key of outputAt) at = at === true || at === undefined ? at : at.get(key);
    return {
      input: this.sealAt(parts.input, undefined, list, true),
      output: this.sealAt(parts.output, at, list, true),
      detail: this.sealAt(parts.detail, undefined, list, true),
    };
  }

  /** A copy of an already stored value (its markers kept) with the strings that contain one of `secrets` sealed. */
  sealStrings(value: unknown, secrets: Iterable<string>): unknown {
    return this.sealAt(value, undefined, [...secrets], false);
  }

  private sealAt(value: unknown, node: PathTree | true | undefined, secrets: string[], plain: boolean): unknown {
    if (value === undefined) return value;
    if (node === true) return this.sealer.seal(value);
    if (typeof value === "string")
      return secrets.some((secret) => value.includes(secret)) ? this.sealer.seal(value) : value;
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((item, i) => this.sealAt(item, node?.get(String(i)), secrets, plain));
    if (Object.hasOwn(value, SEALED_KEY)) return plain ? this.sealer.seal(value) : value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, this.sealAt(item, node?.get(key), secrets, plain)]),
    );
  }
}

function collect(value: unknown, node: PathTree | true, found: Set<string>): void {
  if (value === undefined || value === null) return;
  if (node === true) {
    secretStrings(value, found);
    return;
  }
  if (typeof value !== "object") return;
  for (const [key, child] of node) {
    if (Object.hasOwn(value, key)) collect((value as Record<string, unknown>)[key], child, found);
  }
}
