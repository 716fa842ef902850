/**
 * The flow types of the tenant: open one, start a new one, start from a template (any published flow), and put
 * one away: delete a draft, or archive a published flow type after a confirmation naming how many instances it has.
 */

import type { FlowService as ApiClient } from "@mfo/client";
import type { FlowTypeSummary } from "@mfo/schemas";
import { useCallback, useEffect, useState } from "react";
import { editPath, navigate } from "../../hooks/useRoute.js";
import { type Removal, RemoveFlowType } from "./RemoveFlowType.js";

export interface FlowListProps {
  api: ApiClient;
}

export function FlowList({ api }: FlowListProps) {
  const [items, setItems] = useState<FlowTypeSummary[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Removal | undefined>();
  const load = useCallback(
    () =>
      api.listFlowTypes().then(
        (list) => setItems(list.items),
        (e: Error) => setError(e.message),
      ),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const go = (path: string) => (e: { preventDefault(): void }) => {
    e.preventDefault();
    navigate(path);
  };
  return (
    <main className="page">
      <div className="page-head">
        <h1>Flow types</h1>
        <button type="button" onClick={() => navigate("/new")}>
          New flow
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {items === undefined && !error ? <p aria-busy="true">Loading…</p> : null}
      {items?.length === 0 ? (
        <p className="empty">
          No flow types yet. Start a new flow, or publish a template with <code>npx mfo publish</code>.
        </p>
      ) : null}
      {items && items.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Flow type</th>
              <th scope="col">Latest</th>
              <th scope="col">Draft</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id}>
                <td>
                  <a href={editPath(t.id)} onClick={go(editPath(t.id))}>
                    {t.name}
                  </a>
                  <div className="help">
                    <code>{t.id}</code> {t.description}
                  </div>
                </td>
                <td>{t.latestVersion === null ? "unpublished" : `v${t.latestVersion}`}</td>
                <td>{t.hasDraft ? "yes" : ""}</td>
                <td>{new Date(t.updatedAt).toLocaleString()}</td>
                <td className="actions">
                  {t.latestVersion !== null ? (
                    // A template is copied from its latest published version.
                    <a
                      href={`/new?from=${t.id}`}
                      onClick={go(`/new?from=${t.id}`)}
                      aria-label={`Use as template: ${t.name}`}
                    >
                      Use as template
                    </a>
                  ) : null}{" "}
                  <a
                    href={`/instances?flowType=${t.id}`}
                    onClick={go(`/instances?flowType=${t.id}`)}
                    aria-label={`Instances of ${t.name}`}
                  >
                    Instances
                  </a>
                  {t.hasDraft ? (
                    <button
                      type="button"
                      aria-label={`Delete draft of ${t.name}`}
                      onClick={() => setRemoving({ kind: "draft", flowType: t })}
                    >
                      Delete draft
                    </button>
                  ) : null}
                  {t.latestVersion !== null ? (
                    <button
                      type="button"
                      aria-label={`Archive ${t.name}`}
                      onClick={() => setRemoving({ kind: "archive", flowType: t })}
                    >
                      Archive
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {removing ? (
        <RemoveFlowType
          api={api}
          removal={removing}
          onDone={async () => {
            setRemoving(undefined);
            await load();
          }}
          onCancel={() => setRemoving(undefined)}
        />
      ) : null}
    </main>
  );
}
