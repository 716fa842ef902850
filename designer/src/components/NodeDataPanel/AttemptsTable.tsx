/** Every attempt of the node as a table: run, attempt, status, start, duration, idempotency key, error, validators. */
import type { NodeAttempt } from "@mfo/schemas";
import { attemptKey, duration } from "./node-attempts.js";

const time = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour12: false });

export function AttemptsTable({ attempts, chosen }: { attempts: NodeAttempt[]; chosen: string | undefined }) {
  if (attempts.length === 0) return <p className="empty">No attempt recorded yet.</p>;
  return (
    // A focusable region: the table may scroll sideways, and keyboard users must be able to scroll it.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolled region must take the focus to scroll by keyboard
    <section className="attempts-scroll" aria-label="Attempts" tabIndex={0}>
      <table className="attempts">
        <caption className="sr-only">Attempts, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Attempt</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Duration</th>
            <th scope="col">Idempotency key</th>
            <th scope="col">Error</th>
            <th scope="col">Validators</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={attemptKey(a)} aria-current={attemptKey(a) === chosen ? "true" : undefined}>
              <td className="number">{a.run}</td>
              <td className="number">{a.attempt}</td>
              <td>
                <span className={`status status-${a.status === "retrying" ? "waiting" : a.status}`}>{a.status}</span>
              </td>
              <td>
                <time dateTime={a.startedAt}>{time(a.startedAt)}</time>
              </td>
              <td className="number">{duration(a.durationMs)}</td>
              <td>
                <code>{a.idempotencyKey ?? "—"}</code>
              </td>
              <td className="error-cell">
                {a.error ? `${a.error.code ? `${a.error.code}: ` : ""}${a.error.message}` : ""}
              </td>
              <td>
                {(a.validators ?? []).length === 0 ? (
                  "—"
                ) : (
                  <ul className="validators">
                    {(a.validators ?? []).map((v) => (
                      <li key={v.type} className={v.ok ? "ok" : "bad"}>
                        {v.ok ? "✓" : "✗"} {v.type}
                        {v.message ? `: ${v.message}` : ""}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
