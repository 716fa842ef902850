/**
 * Every attempt of the node as a table: run, attempt, status, start, duration and idempotency key, with the attempt's
 * error and validator results in a row beneath it (a narrow panel has no room for them as columns).
 */
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
          </tr>
        </thead>
        {attempts.map((a) => {
          const validators = a.validators ?? [];
          return (
            // One body per attempt: its row, then its error and validator results beneath, across the columns.
            <tbody key={attemptKey(a)} aria-current={attemptKey(a) === chosen ? "true" : undefined}>
              <tr>
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
              </tr>
              {a.error || validators.length > 0 ? (
                <tr className="attempt-more">
                  <td colSpan={6}>
                    {a.error ? (
                      <p className="error-cell">
                        Error: {a.error.code ? `${a.error.code}: ` : ""}
                        {a.error.message}
                      </p>
                    ) : null}
                    {validators.length > 0 ? (
                      <ul className="validators" aria-label="Validators">
                        {validators.map((v) => (
                          <li key={`${v.type}:${v.message ?? ""}`} className={v.ok ? "ok" : "bad"}>
                            {v.ok ? "✓" : "✗"} {v.type}
                            {v.message ? `: ${v.message}` : ""}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                </tr>
              ) : null}
            </tbody>
          );
        })}
      </table>
    </section>
  );
}
