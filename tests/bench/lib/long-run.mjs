// A synthetic long run for the time-travel benchmarks: a loop (start -> work -> again? -> work ... -> done) whose
// history has `events` events (five per turn: work entered, started, completed; the decision entered, completed
// along the loop edge), and one attempt row per completed work phase with a small output, as the engine and the
// node_attempts capture would store them.

/** The looping flow: a phase and a decision that goes back to it until the last turn. */
export const loopFlow = {
  id: "long-loop",
  name: "Long loop",
  nodes: [
    { id: "start", type: "start" },
    { id: "work", type: "phase", handler: "transform" },
    { id: "again", type: "decision" },
    { id: "done", type: "end" },
  ],
  edges: [
    { id: "e1", source: "start", target: "work" },
    { id: "e2", source: "work", target: "again" },
    { id: "loop", source: "again", target: "work", condition: "phases.work.output.turn < 2000" },
    { id: "exit", source: "again", target: "done", default: true },
  ],
};

/** The history and attempt rows of a run of loopFlow with about `events` events, 10 ms apart. */
export function longRun(events = 10_000) {
  const t0 = Date.UTC(2026, 0, 1);
  const history = [];
  const attempts = [];
  const add = (type, nodeId, data) => {
    const seq = history.length + 1;
    history.push({ seq, type, nodeId, at: new Date(t0 + seq * 10).toISOString(), ...(data ? { data } : {}) });
    return seq;
  };
  add("instance.created", null, { flowType: "long-loop", version: 1 });
  add("node.entered", "start");
  const started = add("node.completed", "start");
  attempts.push(row("start", 1, started, started, { size: events }));
  const turns = Math.max(1, Math.floor((events - 5) / 5));
  for (let turn = 1; turn <= turns; turn++) {
    add("node.entered", "work");
    const begun = add("node.started", "work", { attempt: turn });
    const ended = add("node.completed", "work");
    attempts.push(row("work", turn, begun, ended, { turn, items: [turn, turn * 2, turn * 3], note: `turn ${turn}` }));
    add("node.entered", "again");
    add("node.completed", "again", { edge: turn < turns ? "loop" : "exit" });
  }
  add("node.entered", "done");
  add("instance.completed", "done");
  return { definition: loopFlow, events: history, attempts };

  function row(nodeId, run, startedSeq, finishedSeq, output) {
    const at = (seq) => new Date(t0 + seq * 10).toISOString();
    return {
      nodeId,
      run,
      attempt: 1,
      status: "completed",
      startedSeq,
      finishedSeq,
      startedAt: at(startedSeq),
      finishedAt: at(finishedSeq),
      durationMs: (finishedSeq - startedSeq) * 10,
      output,
    };
  }
}
