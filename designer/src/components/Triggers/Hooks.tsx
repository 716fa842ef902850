/**
 * The flow type's webhooks: each row shows the full address to call with a copy button, how it authenticates
 * (the header and the secret's name, never its value), an example curl command, and Edit and Delete (asked first).
 */
import type { FlowService as ApiClient } from "@mfo/client";
import type { Hook } from "@mfo/schemas";
import { useState } from "react";
import { ConfirmDialog } from "../ConfirmDialog/index.js";
import { useCopy } from "../JsonTree/useCopy.js";
import { HookForm } from "./HookForm.js";
import { authHeader, curlExample, hookAddress } from "./trigger-text.js";

export interface HooksProps {
  api: ApiClient;
  flowType: string;
  items: Hook[];
  secrets: readonly string[] | undefined;
  /** Replaces one hook in the list (or adds it); undefined with an id removes it. */
  onChanged(hook: Hook | undefined, id?: string): void;
  readOnly?: boolean;
  /** Where the runtime is reached from outside (default: this page's origin). */
  origin?: string;
}

export function Hooks({ api, flowType, items, secrets, onChanged, readOnly, origin }: HooksProps) {
  const base = origin ?? window.location.origin;
  const [editing, setEditing] = useState<string | undefined>();
  const [removing, setRemoving] = useState<Hook | undefined>();
  const { note, copy } = useCopy();
  const form = (hook?: Hook) => (
    <HookForm
      api={api}
      flowType={flowType}
      secrets={secrets}
      hook={hook}
      onCancel={() => setEditing(undefined)}
      onSaved={(h) => {
        setEditing(undefined);
        onChanged(h);
      }}
    />
  );
  return (
    <section className="triggers-section" aria-labelledby="hooks-heading">
      <div className="section-head">
        <h3 id="hooks-heading">Webhooks</h3>
        <button type="button" onClick={() => setEditing("new")} disabled={readOnly || editing === "new"}>
          Add webhook
        </button>
      </div>
      {editing === "new" ? form() : null}
      {items.length === 0 && editing !== "new" ? <p className="help">No webhooks.</p> : null}
      <ul className="trigger-rows">
        {items.map((h) => {
          const address = hookAddress(h, base);
          return (
            <li key={h.id} className="trigger-row" aria-label={`Webhook ${h.name}`}>
              <div className="trigger-row-head">
                <strong>{h.name}</strong>{" "}
                <span className="help">
                  {h.auth.type === "hmac" ? "HMAC signature" : "token"} in {authHeader(h.auth)}, secret{" "}
                  <code>{h.auth.secret}</code>; answers {h.respond === "result" ? "with the result" : "at once"}
                </span>
                {h.enabled ? null : <span className="status status-paused">disabled</span>}
              </div>
              <div className="hook-address">
                <input
                  readOnly
                  value={address}
                  aria-label={`Address of ${h.name}`}
                  onFocus={(e) => e.target.select()}
                />
                <button
                  type="button"
                  onClick={() => copy(address, "the address")}
                  aria-label={`Copy address of ${h.name}`}
                >
                  Copy
                </button>
              </div>
              <details>
                <summary>Example call</summary>
                <pre className="curl">{curlExample(h, base)}</pre>
                <button type="button" onClick={() => copy(curlExample(h, base), "the command")}>
                  Copy command
                </button>
              </details>
              <div className="trigger-actions">
                <button type="button" disabled={readOnly} onClick={() => setEditing(h.id)}>
                  Edit
                </button>
                <button type="button" disabled={readOnly} onClick={() => setRemoving(h)}>
                  Delete
                </button>
              </div>
              {editing === h.id ? form(h) : null}
            </li>
          );
        })}
      </ul>
      <p className="sr-only" role="status">
        {note}
      </p>
      {note ? (
        <p className="help" aria-hidden="true">
          {note}
        </p>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Delete the webhook “${removing.name}”?`}
          confirm="Delete"
          danger
          onCancel={() => setRemoving(undefined)}
          onConfirm={async () => {
            await api.deleteHook(flowType, removing.id);
            setRemoving(undefined);
            onChanged(undefined, removing.id);
          }}
        >
          <p>Its address answers 404 from then on. The instances it started are kept.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
