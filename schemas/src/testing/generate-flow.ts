/**
 * Generates valid flows of a given size from a seed: a start, a sequence of blocks (phases of every built-in
 * handler, decisions with and without loops, parallel/join, waits, approvals, subflows), and an end. Used by
 * property tests, benchmarks and the designer's large-canvas stories. Same seed, same flow.
 */
import type { FlowDefinition, FlowEdge, FlowNode } from "../generated/types.js";

export interface GenerateFlowOptions {
  /** Number of nodes; at least 2 (a start and an end). */
  nodes: number;
  /** Seed of the pseudo-random choices. */
  seed?: number;
  /** Flow type id; subflows run this same type unless `subflowTypes` names others. */
  id?: string;
  subflowTypes?: readonly string[];
}

/** mulberry32: a small seeded generator, so generated data and random test moments can be replayed from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the next block attaches: nodes whose next edge is still open, with the fields that edge needs. */
type Exit = { from: string; edge?: Partial<FlowEdge> };

type BlockKind = "phase" | "wait" | "subflow" | "decision" | "loop" | "parallel" | "approval";
/** Nodes each block kind adds at the least. */
const blockSize: Record<BlockKind, number> = {
  phase: 1,
  wait: 1,
  subflow: 1,
  decision: 3,
  loop: 2,
  parallel: 4,
  approval: 2,
};
const kinds = Object.keys(blockSize) as BlockKind[];

export function generateFlow(options: GenerateFlowOptions): FlowDefinition {
  const total = Math.max(2, Math.floor(options.nodes));
  const rand = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const id = options.id ?? "generated";
  const subflowTypes = options.subflowTypes?.length ? options.subflowTypes : [id];
  const nodes: FlowNode[] = [];
  const edges: FlowEdge[] = [];
  let counter = 0;
  let column = 0;
  const add = (node: FlowNode, lane = 0): string => {
    nodes.push({ ...node, ui: { x: column * 220, y: lane * 120 } } as FlowNode);
    return node.id;
  };
  const connect = (exit: Exit, target: string): void => {
    edges.push({ id: `e${edges.length + 1}`, source: exit.from, target, ...exit.edge });
  };
  const attach = (exits: Exit[], target: string): void => {
    for (const exit of exits) connect(exit, target);
  };

  const phase = (lane = 0): string => {
    const n = ++counter;
    const nodeId = `phase-${n}`;
    const variant = Math.floor(rand() * 4);
    if (variant === 0) return add({ id: nodeId, type: "phase", handler: "noop" }, lane);
    if (variant === 1)
      return add(
        {
          id: nodeId,
          type: "phase",
          label: `Log ${n}`,
          handler: "log",
          params: { message: `step ${n}`, level: "info", fields: { step: `=$string(${n})` } },
          onError: "continue",
        },
        lane,
      );
    return add(
      {
        id: nodeId,
        type: "phase",
        label: `Transform ${n}`,
        handler: "transform",
        params: { expression: `{ 'value': $count(input.items) + ${n}, 'label': 'step ${n}' }` },
        validators: variant === 3 ? [{ type: "expression", params: { expression: `value >= ${n}` } }] : [],
        retry: { maxAttempts: 1 + (n % 3) },
        timeoutMs: 1000 + n,
      },
      lane,
    );
  };

  add({ id: "start", type: "start" });
  column++;
  let exits: Exit[] = [{ from: "start" }];
  // Ensure the big kinds appear early, so even a modest flow has every node type.
  const queue: BlockKind[] = ["decision", "parallel", "wait", "approval", "subflow", "loop"];
  while (nodes.length < total - 1) {
    const room = total - 1 - nodes.length;
    const candidates = kinds.filter((k) => blockSize[k] <= room);
    const kind =
      queue.length > 0 && blockSize[queue[0] as BlockKind] <= room ? (queue.shift() as BlockKind) : pick(candidates);
    const n = ++counter;
    switch (kind) {
      case "phase": {
        const first = phase();
        attach(exits, first);
        exits = [{ from: first }];
        break;
      }
      case "wait": {
        const wait = add(
          rand() < 0.5
            ? { id: `wait-${n}`, type: "wait", delayMs: 10 * n }
            : { id: `wait-${n}`, type: "wait", until: `$fromMillis($millis() + ${n})` },
        );
        attach(exits, wait);
        exits = [{ from: wait }];
        break;
      }
      case "subflow": {
        const sub = add({
          id: `sub-${n}`,
          type: "subflow",
          flowType: pick(subflowTypes),
          input: `{ 'items': input.items }`,
        });
        attach(exits, sub);
        exits = [{ from: sub }];
        break;
      }
      case "decision": {
        const decision = add({ id: `decision-${n}`, type: "decision", label: `Route ${n}` });
        attach(exits, decision);
        column++;
        const branches = Math.min(1 + Math.floor(rand() * 3), room - 2);
        exits = [];
        for (let b = 0; b < branches; b++) {
          const step = phase(b);
          connect({ from: decision, edge: { condition: `$count(input.items) > ${b * 10 + n}` } }, step);
          exits.push({ from: step });
        }
        // The default edge goes straight on to whatever follows the block.
        exits.push({ from: decision, edge: { default: true } });
        break;
      }
      case "loop": {
        // A phase, then a decision that loops back to it while a condition holds: legal, it has an exit.
        const body = phase();
        attach(exits, body);
        column++;
        const check = add({ id: `check-${n}`, type: "decision" });
        connect({ from: body }, check);
        connect({ from: check, edge: { condition: `phases.\`${body}\`.attempts < 3` } }, body);
        exits = [{ from: check, edge: { default: true } }];
        break;
      }
      case "parallel": {
        const fan = add({ id: `parallel-${n}`, type: "parallel" });
        attach(exits, fan);
        column++;
        const branches = Math.max(2, Math.min(2 + Math.floor(rand() * 3), room - 2));
        const ends: string[] = [];
        for (let b = 0; b < branches; b++) {
          const step = phase(b);
          connect({ from: fan }, step);
          ends.push(step);
        }
        column++;
        const join = add({ id: `join-${n}`, type: "join" });
        for (const from of ends) connect({ from }, join);
        exits = [{ from: join }];
        break;
      }
      case "approval": {
        const approval = add({ id: `approval-${n}`, type: "approval", label: `Sign-off ${n}` });
        attach(exits, approval);
        const rejected = add({ id: `rejected-${n}`, type: "end", outcome: "failed" }, 1);
        connect({ from: approval, edge: { on: "reject" } }, rejected);
        exits = [{ from: approval, edge: { on: "approve" } }];
        break;
      }
    }
    column++;
  }
  const end = add({ id: "end", type: "end", outcome: "completed" });
  attach(exits, end);
  return {
    id,
    name: `Generated flow of ${nodes.length} nodes`,
    input: { type: "object", properties: { items: { type: "array" } } },
    settings: { retry: { maxAttempts: 2, initialDelayMs: 50 } },
    nodes,
    edges,
  };
}
