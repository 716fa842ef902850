/** The Details area: which edge a decision took and each condition's value; who approved; when a wait was due and fired. */
import type { NodeDetail } from "./node-attempts.js";

const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString(undefined, { hour12: false }) : "—");

export function NodeDetails({ detail, edgeLabel }: { detail: NodeDetail; edgeLabel(id: string): string }) {
  if (!detail) return null;
  return (
    <section className="node-details" aria-label="Details">
      <h4>Details</h4>
      {detail.kind === "decision" ? (
        <>
          <p>
            Took <strong>{detail.edge ? edgeLabel(detail.edge) : "no edge"}</strong>
          </p>
          {detail.conditions.length > 0 ? (
            <table className="conditions">
              <caption className="sr-only">Conditions</caption>
              <thead>
                <tr>
                  <th scope="col">Edge</th>
                  <th scope="col">When</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {detail.conditions.map((c) => (
                  <tr key={c.edge} className={c.edge === detail.edge ? "taken" : undefined}>
                    <td>{edgeLabel(c.edge)}</td>
                    <td>
                      <code>{c.when}</code>
                    </td>
                    <td>
                      <code>{JSON.stringify(c.value) ?? "undefined"}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : detail.kind === "approval" ? (
        <dl>
          <dt>Decision</dt>
          <dd>{detail.decision ?? "—"}</dd>
          <dt>By</dt>
          <dd>{detail.by ?? "—"}</dd>
          <dt>When</dt>
          <dd>{when(detail.at)}</dd>
          <dt>Comment</dt>
          <dd>{detail.comment ?? "—"}</dd>
        </dl>
      ) : (
        <dl>
          <dt>Due</dt>
          <dd>{when(detail.dueAt)}</dd>
          <dt>Fired</dt>
          <dd>{detail.firedAt ? when(detail.firedAt) : "not yet"}</dd>
        </dl>
      )}
    </section>
  );
}
