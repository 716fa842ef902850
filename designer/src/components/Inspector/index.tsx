/**
 * The inspector: a form for what is selected. Nothing: the flow's own fields. A node: its id and label and its
 * type's fields, with a phase's params form generated from its handler's params schema (served by the runtime's
 * catalogue) and likewise for validators. An edge: its condition, default or approval decision. Every change
 * is one editing command; errors from validation show on the field they name.
 */
import type { Catalogue, FlowDefinition, FlowEdge, FlowNode, ValidationError } from "@mfo/schemas";
import type { Command } from "../../core/index.js";
import { ExpressionField } from "../ExpressionField/index.js";
import { relativeErrors, SchemaForm } from "../SchemaForm/index.js";
import { Field } from "./Field.js";
import { errorAt } from "./field-errors.js";

export interface InspectorProps {
  doc: FlowDefinition;
  catalogue: Catalogue | undefined;
  errors: readonly ValidationError[];
  selection: { nodes: readonly string[]; edges: readonly string[] };
  onCommand(command: Command): void;
  readOnly?: boolean;
}

const num = (text: string): number | undefined => (text.trim() === "" ? undefined : Number(text));

function FlowFields({ doc, errors, onCommand, readOnly }: InspectorProps) {
  const update = (patch: Record<string, unknown>) => onCommand({ kind: "updateFlow", patch });
  return (
    <section aria-label="Flow">
      <h2>Flow</h2>
      <Field id="flow-id" label="Id" help="lowercase letters, digits and -" error={errorAt(errors, "/id")}>
        {(aria) => (
          <input {...aria} value={doc.id ?? ""} disabled={readOnly} onChange={(e) => update({ id: e.target.value })} />
        )}
      </Field>
      <Field id="flow-name" label="Name" error={errorAt(errors, "/name")}>
        {(aria) => (
          <input
            {...aria}
            value={doc.name ?? ""}
            disabled={readOnly}
            onChange={(e) => update({ name: e.target.value })}
          />
        )}
      </Field>
      <Field id="flow-description" label="Description">
        {(aria) => (
          <textarea
            {...aria}
            rows={3}
            value={doc.description ?? ""}
            disabled={readOnly}
            onChange={(e) => update({ description: e.target.value || undefined })}
          />
        )}
      </Field>
      <p className="help">Select a node or an edge to edit it.</p>
    </section>
  );
}

function PhaseFields({
  node,
  index,
  props,
}: {
  node: Extract<FlowNode, { type: "phase" }>;
  index: number;
  props: InspectorProps;
}) {
  const { catalogue, errors, onCommand, readOnly } = props;
  const base = `/nodes/${index}`;
  const patch = (p: Record<string, unknown>) => onCommand({ kind: "updateNode", id: node.id, patch: p });
  const entry = catalogue?.handlers.find((h) => h.name === node.handler);
  return (
    <>
      <Field id="node-handler" label="Handler" help={entry?.description} error={errorAt(errors, `${base}/handler`)}>
        {(aria) => (
          <select
            {...aria}
            value={node.handler}
            disabled={readOnly}
            onChange={(e) => patch({ handler: e.target.value, params: undefined })}
          >
            {(catalogue?.handlers ?? []).map((h) => (
              <option key={h.name} value={h.name}>
                {h.title} ({h.name})
              </option>
            ))}
            {entry ? null : <option value={node.handler}>{node.handler} (unknown)</option>}
          </select>
        )}
      </Field>
      {entry ? (
        <fieldset className="params">
          <legend>Params</legend>
          <SchemaForm
            schema={entry.paramsSchema}
            value={node.params ?? {}}
            onChange={(value) => patch({ params: value })}
            errors={relativeErrors(errors, `${base}/params`)}
            idPrefix="params"
            disabled={readOnly ?? false}
          />
        </fieldset>
      ) : null}
      <Field id="node-trigger" label="Trigger" help="manual waits for an operator to execute it">
        {(aria) => (
          <select
            {...aria}
            value={node.trigger ?? "auto"}
            disabled={readOnly}
            onChange={(e) => patch({ trigger: e.target.value === "auto" ? undefined : e.target.value })}
          >
            <option value="auto">auto</option>
            <option value="manual">manual</option>
          </select>
        )}
      </Field>
      <Field
        id="node-attempts"
        label="Attempts"
        help="retries with exponential backoff"
        error={errorAt(errors, `${base}/retry/maxAttempts`)}
      >
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={1}
            value={node.retry?.maxAttempts ?? ""}
            placeholder="flow default"
            disabled={readOnly}
            onChange={(e) => {
              const maxAttempts = num(e.target.value);
              patch({ retry: maxAttempts === undefined ? undefined : { ...node.retry, maxAttempts } });
            }}
          />
        )}
      </Field>
      <Field id="node-timeout" label="Timeout (ms)" error={errorAt(errors, `${base}/timeoutMs`)}>
        {(aria) => (
          <input
            {...aria}
            type="number"
            min={1}
            value={node.timeoutMs ?? ""}
            placeholder="flow default"
            disabled={readOnly}
            onChange={(e) => patch({ timeoutMs: num(e.target.value) })}
          />
        )}
      </Field>
      <Field
        id="node-on-error"
        label="On error"
        error={errorAt(errors, `${base}/onError`) ?? errorAt(errors, `${base}/onError/goto`)}
      >
        {(aria) => (
          <select
            {...aria}
            value={typeof node.onError === "object" ? `goto:${node.onError.goto}` : (node.onError ?? "fail")}
            disabled={readOnly}
            onChange={(e) => {
              const v = e.target.value;
              patch({ onError: v === "fail" ? undefined : v.startsWith("goto:") ? { goto: v.slice(5) } : v });
            }}
          >
            <option value="fail">fail the flow</option>
            <option value="continue">continue</option>
            {props.doc.nodes
              .filter((n) => n.id !== node.id && n.type !== "start")
              .map((n) => (
                <option key={n.id} value={`goto:${n.id}`}>
                  go to {n.id}
                </option>
              ))}
          </select>
        )}
      </Field>
      <fieldset className="validators">
        <legend>Validators</legend>
        {(node.validators ?? []).map((ref, i) => {
          const v = catalogue?.validators.find((c) => c.name === ref.type);
          const list = node.validators ?? [];
          const set = (next: typeof list) => patch({ validators: next.length > 0 ? next : undefined });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: validators have no id of their own; the list is only appended to, edited in place or cut
            <div key={`${i}-${ref.type}`} className="validator">
              <Field
                id={`validator-${i}-type`}
                label={`Validator ${i + 1}`}
                error={errorAt(errors, `${base}/validators/${i}/type`)}
              >
                {(aria) => (
                  <select
                    {...aria}
                    value={ref.type}
                    disabled={readOnly}
                    onChange={(e) => set(list.map((r, j) => (j === i ? { type: e.target.value } : r)))}
                  >
                    {(catalogue?.validators ?? []).map((c) => (
                      <option key={c.name} value={c.name}>
                        {c.title}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {v ? (
                <SchemaForm
                  schema={v.paramsSchema}
                  value={ref.params ?? {}}
                  onChange={(value) =>
                    set(list.map((r, j) => (j === i ? { ...r, params: value as Record<string, unknown> } : r)))
                  }
                  errors={relativeErrors(errors, `${base}/validators/${i}/params`)}
                  idPrefix={`validator-${i}`}
                  disabled={readOnly ?? false}
                />
              ) : null}
              <button type="button" disabled={readOnly} onClick={() => set(list.filter((_, j) => j !== i))}>
                Remove validator
              </button>
            </div>
          );
        })}
        <button
          type="button"
          disabled={readOnly || !catalogue?.validators.length}
          onClick={() =>
            patch({ validators: [...(node.validators ?? []), { type: catalogue?.validators[0]?.name ?? "required" }] })
          }
        >
          Add validator
        </button>
      </fieldset>
    </>
  );
}

function NodeFields({ node, index, props }: { node: FlowNode; index: number; props: InspectorProps }) {
  const { errors, onCommand, readOnly } = props;
  const base = `/nodes/${index}`;
  const patch = (p: Record<string, unknown>) => onCommand({ kind: "updateNode", id: node.id, patch: p });
  const raw = node as unknown as Record<string, unknown>;
  return (
    <section aria-label={`Node ${node.id}`}>
      <h2>
        {node.type} <code>{node.id}</code>
      </h2>
      <Field id="node-id" label="Id" error={errorAt(errors, `${base}/id`)}>
        {(aria) => (
          <input {...aria} value={node.id} disabled={readOnly} onChange={(e) => patch({ id: e.target.value })} />
        )}
      </Field>
      <Field id="node-label" label="Label">
        {(aria) => (
          <input
            {...aria}
            value={node.label ?? ""}
            disabled={readOnly}
            onChange={(e) => patch({ label: e.target.value || undefined })}
          />
        )}
      </Field>
      {node.type === "phase" ? <PhaseFields node={node} index={index} props={props} /> : null}
      {node.type === "wait" ? (
        <>
          <Field
            id="node-delay"
            label="Delay (ms)"
            help="or give a time with Until"
            error={errorAt(errors, `${base}/delayMs`) ?? errorAt(errors, base)}
          >
            {(aria) => (
              <input
                {...aria}
                type="number"
                min={0}
                value={(raw.delayMs as number | undefined) ?? ""}
                disabled={readOnly}
                onChange={(e) =>
                  patch({ delayMs: num(e.target.value), ...(e.target.value ? { until: undefined } : {}) })
                }
              />
            )}
          </Field>
          <ExpressionField
            id="node-until"
            label="Until (JSONata giving an ISO time)"
            value={(raw.until as string | undefined) ?? ""}
            disabled={readOnly ?? false}
            onChange={(value) => patch({ until: value || undefined, ...(value ? { delayMs: undefined } : {}) })}
          />
        </>
      ) : null}
      {node.type === "subflow" ? (
        <>
          <Field id="node-flow-type" label="Flow type" error={errorAt(errors, `${base}/flowType`)}>
            {(aria) => (
              <input
                {...aria}
                value={(raw.flowType as string) ?? ""}
                disabled={readOnly}
                onChange={(e) => patch({ flowType: e.target.value })}
              />
            )}
          </Field>
          <ExpressionField
            id="node-input"
            label="Input (JSONata)"
            value={(raw.input as string | undefined) ?? ""}
            disabled={readOnly ?? false}
            onChange={(value) => patch({ input: value || undefined })}
          />
        </>
      ) : null}
      {node.type === "end" ? (
        <Field id="node-outcome" label="Outcome">
          {(aria) => (
            <select
              {...aria}
              value={(raw.outcome as string) ?? "completed"}
              disabled={readOnly}
              onChange={(e) => patch({ outcome: e.target.value })}
            >
              <option value="completed">completed</option>
              <option value="failed">failed</option>
            </select>
          )}
        </Field>
      ) : null}
    </section>
  );
}

function EdgeFields({ edge, index, props }: { edge: FlowEdge; index: number; props: InspectorProps }) {
  const { doc, errors, onCommand, readOnly } = props;
  const base = `/edges/${index}`;
  const patch = (p: Record<string, unknown>) => onCommand({ kind: "updateEdge", id: edge.id, patch: p });
  const source = doc.nodes.find((n) => n.id === edge.source);
  return (
    <section aria-label={`Edge ${edge.id}`}>
      <h2>
        Edge <code>{edge.id}</code>
      </h2>
      <p className="help">
        {edge.source} → {edge.target}
      </p>
      {source?.type === "decision" ? (
        <>
          <ExpressionField
            id="edge-condition"
            label="Condition (JSONata)"
            value={edge.condition ?? ""}
            disabled={readOnly ?? false}
            invalid={errorAt(errors, `${base}/condition`) !== undefined}
            onChange={(value) => patch({ condition: value || undefined })}
          />
          <Field
            id="edge-default"
            label="Default path"
            help="taken when no condition holds"
            error={errorAt(errors, `${base}/default`) ?? errorAt(errors, base)}
          >
            {(aria) => (
              <input
                {...aria}
                type="checkbox"
                checked={edge.default === true}
                disabled={readOnly}
                onChange={(e) => patch({ default: e.target.checked ? true : undefined })}
              />
            )}
          </Field>
        </>
      ) : null}
      {source?.type === "approval" ? (
        <Field id="edge-on" label="Decision" error={errorAt(errors, `${base}/on`) ?? errorAt(errors, base)}>
          {(aria) => (
            <select
              {...aria}
              value={edge.on ?? ""}
              disabled={readOnly}
              onChange={(e) => patch({ on: e.target.value || undefined })}
            >
              <option value="">choose…</option>
              <option value="approve">approve</option>
              <option value="reject">reject</option>
            </select>
          )}
        </Field>
      ) : null}
      <Field id="edge-label" label="Label">
        {(aria) => (
          <input
            {...aria}
            value={edge.label ?? ""}
            disabled={readOnly}
            onChange={(e) => patch({ label: e.target.value || undefined })}
          />
        )}
      </Field>
    </section>
  );
}

export function Inspector(props: InspectorProps) {
  const { doc, selection } = props;
  let body = <FlowFields {...props} />;
  if (selection.nodes.length === 1) {
    const index = doc.nodes.findIndex((n) => n.id === selection.nodes[0]);
    const node = doc.nodes[index];
    // Keyed by position, not id: renaming the node in its Id field must not remount the fields (and drop the focus
    // after each keystroke); selecting another node still gives fresh fields.
    if (node) body = <NodeFields key={`node-${index}`} node={node} index={index} props={props} />;
  } else if (selection.edges.length === 1 && selection.nodes.length === 0) {
    const index = doc.edges.findIndex((e) => e.id === selection.edges[0]);
    const edge = doc.edges[index];
    if (edge) body = <EdgeFields key={edge.id} edge={edge} index={index} props={props} />;
  } else if (selection.nodes.length > 1) {
    body = (
      <p className="help">{selection.nodes.length} nodes selected. Delete, duplicate (Ctrl+D) or drag them together.</p>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
