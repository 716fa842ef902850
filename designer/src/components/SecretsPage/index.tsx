/**
 * The tenant's secrets (admin): names, who set them and when, and what reads them (flow types' nodes and webhooks).
 * A value is typed once into a password field and never shown again: the API answers names only. Deleting asks
 * first; the runtime refuses (409) while a published flow type or a webhook uses the secret, and says which.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { Secret } from "@mfo/schemas";
import { useCallback, useEffect, useState } from "react";
import { editPath, navigate } from "../../hooks/useRoute.js";
import { ConfirmDialog } from "../ConfirmDialog/index.js";
import { SecretForm } from "./SecretForm.js";
import "./secrets-page.css";

export { SecretForm, type SecretFormProps } from "./SecretForm.js";

export interface SecretsPageProps {
  api: ApiClient;
}

const when = (iso: string) => new Date(iso).toLocaleString();

export function SecretsPage({ api }: SecretsPageProps) {
  const [items, setItems] = useState<Secret[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  /** The secret whose value is being replaced, or "" for a new one. */
  const [editing, setEditing] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Secret | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = useCallback(
    () =>
      api.listSecrets().then(
        (list) => {
          setItems(list.items);
          setError(undefined);
        },
        (e: Error) => setError(e.message),
      ),
    [api],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const save = async (name: string, value: string) => {
    await api.putSecret(name, value);
    setEditing(undefined);
    setNotice(`Secret “${name}” saved. Its value is not shown again.`);
    await load();
  };

  return (
    <main className="page secrets-page">
      <div className="page-head">
        <h1>Secrets</h1>
        <button type="button" className="primary" onClick={() => setEditing("")} disabled={editing === ""}>
          Add secret
        </button>
      </div>
      <p className="help">
        Values are sealed (AES-256-GCM) and never shown again. Use one in a phase's params as{" "}
        <code>=$secret("name")</code>, or as a webhook's token.
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {editing === "" ? <SecretForm onSave={save} onCancel={() => setEditing(undefined)} /> : null}
      {items && items.length === 0 ? <p className="empty">No secrets yet.</p> : null}
      {items && items.length > 0 ? (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Updated</th>
              <th scope="col">Used by</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.name}>
                <td>
                  <code>{s.name}</code>
                  {editing === s.name ? (
                    <SecretForm name={s.name} onSave={save} onCancel={() => setEditing(undefined)} />
                  ) : null}
                </td>
                <td>
                  {when(s.updatedAt)}
                  {s.updatedBy ? <span className="help"> by {s.updatedBy}</span> : null}
                </td>
                <td>
                  <UsedBy secret={s} />
                </td>
                <td className="actions">
                  <button type="button" onClick={() => setEditing(s.name)} aria-label={`Replace value of ${s.name}`}>
                    Replace value
                  </button>{" "}
                  <button type="button" onClick={() => setRemoving(s)} aria-label={`Delete ${s.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {items === undefined && !error ? <p aria-busy="true">Loading…</p> : null}
      {removing ? (
        <ConfirmDialog
          title={`Delete the secret “${removing.name}”?`}
          confirm="Delete"
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            // A 409 (still used) stays in the dialog with the runtime's reason.
            await api.deleteSecret(removing.name);
            setRemoving(undefined);
            setNotice(`Secret “${removing.name}” deleted.`);
            await load();
          }}
        >
          <p>
            Flows that read it fail at the phase that does, and webhooks that use it refuse every call. The runtime
            refuses while a published flow type or a webhook still uses it.
          </p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}

function UsedBy({ secret }: { secret: Secret }) {
  if (secret.usedBy.length === 0 && secret.hooks.length === 0) return <span className="help">nothing</span>;
  return (
    <ul className="used-by">
      {secret.usedBy.map((u) => (
        <li key={u.flowType}>
          <a
            href={editPath(u.flowType)}
            onClick={(e) => {
              e.preventDefault();
              navigate(editPath(u.flowType));
            }}
          >
            {u.flowType}
          </a>
          {u.nodes.length > 0 ? <span className="help"> ({u.nodes.join(", ")})</span> : null}
        </li>
      ))}
      {secret.hooks.map((h) => (
        <li key={h}>
          webhook <code>{h.slice(0, 8)}…</code>
        </li>
      ))}
    </ul>
  );
}
