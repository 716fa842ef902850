import { useFlow } from "@mfo/designer/client";

/** One instance for an operator: how far it is, its status, and Approve while it waits for a decision. */
export function OperatorWidget({ id }: { id: string }) {
  const { status, progress, currentNodes, error, loading, approve } = useFlow(id);
  if (loading) return <p aria-busy="true">Loading…</p>;
  return (
    <section aria-label="Flow">
      {progress ? <p>{`${progress.done} of ${progress.total} phases done`}</p> : null}
      <p>
        Status: <strong data-testid="flow-status">{status}</strong>
      </p>
      {status === "waiting" ? (
        <button type="button" onClick={() => approve(currentNodes[0])}>
          Approve
        </button>
      ) : null}
      {error ? <p role="alert">{error.message}</p> : null}
    </section>
  );
}
