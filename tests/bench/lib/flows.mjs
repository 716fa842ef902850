// The flows the benchmarks run: a line of phases, and the 5-phase `transform` flow most scenarios store and run.

/** A linear flow start -> phases -> end; `phase(i)` gives the i-th phase's handler and params (1-based). */
export function lineFlow(id, name, count, phase) {
  return {
    id,
    name,
    nodes: [
      { id: "start", type: "start" },
      ...Array.from({ length: count }, (_, i) => ({ id: `p${i + 1}`, type: "phase", ...phase(i + 1) })),
      { id: "done", type: "end" },
    ],
    edges: Array.from({ length: count + 1 }, (_, i) => ({
      id: `e${i}`,
      source: i === 0 ? "start" : `p${i}`,
      target: i === count ? "done" : `p${i + 1}`,
    })),
  };
}

/** The 5-phase `transform` flow as `id`: each phase computes a small object from the input. */
export const transformFlow = (id) =>
  lineFlow(id, "Five transforms", 5, (i) => ({
    handler: "transform",
    params: { expression: `{ 'step': ${i}, 'sum': $sum(input.values) + ${i} }` },
  }));

/** The input of the i-th instance of the transform flow. */
export const transformInput = (i) => ({ values: [i, 1, 2] });

/** Publishes the transform flow as `id` through a runtime's API `client`; resolves to its version. */
export async function publishTransformFlow(client, id) {
  return (await client.publish(transformFlow(id))).version;
}
