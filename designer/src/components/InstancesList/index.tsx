/** Instances, newest first, filtered by status and flow type, paged with the API's cursor. */

import type { FlowService as ApiClient } from "@mfo/client";
import { INSTANCE_STATUSES } from "@mfo/schemas";
import { useState } from "react";
import { useFlows } from "../../client/useFlows.js";
import { navigate } from "../../hooks/useRoute.js";

const STATUSES = ["", ...INSTANCE_STATUSES];

export interface InstancesListProps {
  api: ApiClient;
  flowType?: string | undefined;
}

export function InstancesList({ api, flowType: initialFlowType }: InstancesListProps) {
  const [status, setStatus] = useState("");
  const [flowType, setFlowType] = useState(initialFlowType ?? "");
  const { items, hasMore, loading, loadMore, ...list } = useFlows(
    { limit: 50, ...(status ? { status } : {}), ...(flowType ? { flowType } : {}) },
    api,
  );
  const error = list.error?.message;

  return (
    <main className="page">
      <h1>Instances</h1>
      <div className="filters">
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || "any"}
              </option>
            ))}
          </select>
        </label>
        <label>
          Flow type <input value={flowType} onChange={(e) => setFlowType(e.target.value.trim())} placeholder="any" />
        </label>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {!loading && items.length === 0 && !error ? <p className="empty">No instances match.</p> : null}
      {items.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Instance</th>
              <th scope="col">Flow type</th>
              <th scope="col">Status</th>
              <th scope="col">At</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id}>
                <td>
                  <a
                    href={`/instances/${i.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/instances/${i.id}`);
                    }}
                  >
                    {i.name ?? i.id.slice(0, 8)}
                  </a>
                </td>
                <td>
                  {i.flowType} v{i.version}
                </td>
                <td>
                  <span className={`status status-${i.status}`}>{i.status}</span>
                </td>
                <td>{i.currentNodes.join(", ")}</td>
                <td>{new Date(i.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {hasMore ? (
        <button type="button" onClick={() => void loadMore()} disabled={loading}>
          Load more
        </button>
      ) : null}
      {loading ? <p aria-busy="true">Loading…</p> : null}
    </main>
  );
}
