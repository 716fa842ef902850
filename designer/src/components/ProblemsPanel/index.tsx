/** Every validation problem of the flow, in document order; choosing one selects the node or edge it is on. */
import type { FlowProblem } from "../../core/index.js";

export interface ProblemsPanelProps {
  problems: readonly FlowProblem[];
  onSelect(problem: FlowProblem): void;
}

export function ProblemsPanel({ problems, onSelect }: ProblemsPanelProps) {
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className={`count ${problems.length ? "bad" : "ok"}`}>{problems.length}</span>
      </h2>
      {problems.length === 0 ? (
        <p className="help">No problems: the flow can be published.</p>
      ) : (
        <ul>
          {problems.map((p) => (
            <li key={`${p.path}-${p.code}-${p.message}`}>
              <button type="button" className="problem" onClick={() => onSelect(p)}>
                <span className="where">{p.target.kind === "flow" ? "flow" : `${p.target.kind} ${p.target.id}`}</span>{" "}
                {p.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
