/** An attempt's log lines: level, time, message and fields; a marker when the runtime dropped lines past its bound. */
import type { NodeAttempt } from "@mfo/schemas";

export function LogLines({ attempt }: { attempt: NodeAttempt | undefined }) {
  const logs = attempt?.logs ?? [];
  if (logs.length === 0 && !attempt?.logsTruncated) return <p className="empty">No log lines.</p>;
  return (
    <div className="log-lines">
      <ol aria-label="Log lines">
        {logs.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: log lines are append-only and may repeat; their place is their identity
          <li key={i} className={`log log-${line.level}`}>
            <span className="log-level">{line.level}</span>
            <time dateTime={line.at}>{new Date(line.at).toLocaleTimeString(undefined, { hour12: false })}</time>
            <span className="log-message">{line.message}</span>
            {line.fields && Object.keys(line.fields).length > 0 ? (
              <code className="log-fields">
                {Object.entries(line.fields)
                  .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
                  .join(" ")}
              </code>
            ) : null}
          </li>
        ))}
      </ol>
      {attempt?.logsTruncated ? (
        <p className="log-truncated" role="note">
          Truncated: lines past the limit (100 lines or 64 KB per attempt) were not kept.
        </p>
      ) : null}
    </div>
  );
}
