/**
 * Adds or edits a webhook: name, how callers authenticate (a token or an HMAC signature, keyed by a secret chosen
 * from the tenant's secrets, with a link to the Secrets page to add one), the header it is read from, whether the
 * call answers at once or with the instance's result (then the response expression and how long to wait), the
 * input expression and the request headers it may read. The runtime's 422 errors show on the fields they name.
 */
import type { FlowService as ApiClient } from "@mfo/client";
import { FlowServiceError } from "@mfo/client";
import type { Hook, HookRequest } from "@mfo/schemas";
import { type FormEvent, useId, useState } from "react";
import { navigate } from "../../hooks/useRoute.js";
import { ExpressionField } from "../ExpressionField/index.js";
import { Field } from "../Inspector/Field.js";
import { FormActions, WholeNumberInput } from "./FormParts.js";
import { errorsByField } from "./trigger-text.js";

export interface HookFormProps {
  api: ApiClient;
  flowType: string;
  /** The tenant's secret names (undefined while loading, or when the key may not list them). */
  secrets: readonly string[] | undefined;
  /** The hook edited; absent: a new one. */
  hook?: Hook | undefined;
  onSaved(hook: Hook): void;
  onCancel(): void;
}

type AuthType = HookRequest["auth"]["type"];
type Respond = NonNullable<HookRequest["respond"]>;

/** "X-Request-Id, x-tenant" -> ["X-Request-Id", "x-tenant"]. */
const headerList = (text: string) =>
  text
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);

export function HookForm({ api, flowType, secrets, hook, onSaved, onCancel }: HookFormProps) {
  const id = useId();
  const [name, setName] = useState(hook?.name ?? "");
  const [authType, setAuthType] = useState<AuthType>(hook?.auth.type ?? "token");
  const [secret, setSecret] = useState(hook?.auth.secret ?? "");
  const [header, setHeader] = useState(hook?.auth.header ?? "");
  const [respond, setRespond] = useState<Respond>(hook?.respond ?? "accepted");
  const [response, setResponse] = useState(hook?.response ?? "");
  const [timeoutMs, setTimeoutMs] = useState(hook?.timeoutMs ?? 10_000);
  const [input, setInput] = useState(hook?.input ?? "");
  const [headers, setHeaders] = useState((hook?.headers ?? []).join(", "));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: HookRequest = {
      ...(name ? { name } : {}),
      enabled: hook?.enabled ?? true,
      auth: { type: authType, secret, ...(header ? { header } : {}) },
      respond,
      ...(input ? { input } : {}),
      ...(respond === "result" ? { timeoutMs, ...(response ? { response } : {}) } : {}),
      headers: headerList(headers) as HookRequest["headers"],
    };
    setBusy(true);
    setErrors({});
    try {
      onSaved(hook ? await api.updateHook(flowType, hook.id, body) : await api.createHook(flowType, body));
    } catch (err) {
      const fields = errorsByField(err instanceof FlowServiceError ? err.errors : []);
      setErrors(Object.keys(fields).length > 0 ? fields : { "": (err as Error).message });
    } finally {
      setBusy(false);
    }
  };
  const authError = errors.auth;
  return (
    <form className="trigger-form" aria-label={hook ? `Edit webhook ${hook.name}` : "New webhook"} onSubmit={submit}>
      <Field id={`${id}-name`} label="Name" error={errors.name}>
        {(aria) => <input {...aria} value={name} placeholder="CMDB export" onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field
        id={`${id}-auth`}
        label="Authentication"
        help={
          authType === "token"
            ? "callers send the secret's value in a header (or as the last path segment)"
            : "callers sign the raw body: sha256=<hex HMAC-SHA256 keyed by the secret> (GitHub style)"
        }
      >
        {(aria) => (
          <select {...aria} value={authType} onChange={(e) => setAuthType(e.target.value as AuthType)}>
            <option value="token">secret token</option>
            <option value="hmac">HMAC signature</option>
          </select>
        )}
      </Field>
      <Field id={`${id}-secret`} label="Secret" error={authError}>
        {(aria) => (
          <select {...aria} value={secret} required onChange={(e) => setSecret(e.target.value)}>
            <option value="">{secrets === undefined ? "loading…" : "choose a secret…"}</option>
            {(secrets ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
            {secret && secrets && !secrets.includes(secret) ? <option value={secret}>{secret} (missing)</option> : null}
          </select>
        )}
      </Field>
      <p className="help">
        <a
          href="/secrets"
          onClick={(e) => {
            e.preventDefault();
            navigate("/secrets");
          }}
        >
          Add a secret on the Secrets page
        </a>
      </p>
      <Field id={`${id}-header`} label="Header">
        {(aria) => (
          <input
            {...aria}
            value={header}
            placeholder={authType === "hmac" ? "X-Hub-Signature-256" : "X-Hook-Token"}
            onChange={(e) => setHeader(e.target.value.trim())}
          />
        )}
      </Field>
      <Field id={`${id}-respond`} label="Answer" error={errors.respond}>
        {(aria) => (
          <select {...aria} value={respond} onChange={(e) => setRespond(e.target.value as Respond)}>
            <option value="accepted">at once: 202 with the instance id</option>
            <option value="result">with the instance's result</option>
          </select>
        )}
      </Field>
      {respond === "result" ? (
        <>
          <ExpressionField
            id={`${id}-response`}
            label="Response (JSONata over id, status, output; default: output)"
            value={response}
            invalid={errors.response !== undefined}
            onChange={setResponse}
          />
          <Field id={`${id}-timeout`} label="Wait at most (ms)" error={errors.timeoutMs}>
            {(aria) => <WholeNumberInput {...aria} value={timeoutMs} onValue={setTimeoutMs} />}
          </Field>
        </>
      ) : null}
      <ExpressionField
        id={`${id}-input`}
        label="Input (JSONata over body, headers, query; default: the body)"
        value={input}
        invalid={errors.input !== undefined}
        onChange={setInput}
      />
      <Field
        id={`${id}-headers`}
        label="Headers to pass"
        help="comma separated; the input expression reads them as headers.<lower-case name>"
        error={errors.headers}
      >
        {(aria) => (
          <input {...aria} value={headers} placeholder="X-Request-Id" onChange={(e) => setHeaders(e.target.value)} />
        )}
      </Field>
      {errors[""] || errors.input || errors.response ? (
        <p role="alert" className="error">
          {[errors[""], errors.input, errors.response].filter(Boolean).join("; ")}
        </p>
      ) : null}
      <FormActions submit={hook ? "Save webhook" : "Add webhook"} busy={busy} onCancel={onCancel} />
    </form>
  );
}
