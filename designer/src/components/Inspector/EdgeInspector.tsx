/**
 * One edge in the inspector: what picks it depends on its source node's type (a decision's condition or default,
 * an approval's decision, a timed event wait's event or timeout), looked up by that type; every edge has a label.
 */
import type { FlowDefinition, FlowEdge, NodeType, ValidationError } from "@mfo/schemas";
import type { ComponentType } from "react";
import type { Command } from "../../core/index.js";
import { ExpressionField } from "../ExpressionField/index.js";
import { Field } from "./Field.js";
import { errorAt } from "./field-errors.js";

export interface EdgeInspectorProps {
  edge: FlowEdge;
  /** The edge's position in `doc.edges`, which validation errors name. */
  index: number;
  doc: FlowDefinition;
  errors: readonly ValidationError[];
  readOnly: boolean;
  onCommand(command: Command): void;
}

interface BranchFieldsProps {
  edge: FlowEdge;
  base: string;
  errors: readonly ValidationError[];
  readOnly: boolean;
  patch(fields: Record<string, unknown>): void;
}

function DecisionBranch({ edge, base, errors, readOnly, patch }: BranchFieldsProps) {
  return (
    <>
      <ExpressionField
        id="edge-condition"
        label="Condition (JSONata)"
        value={edge.condition ?? ""}
        disabled={readOnly}
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
  );
}

/** The `on` of an edge: which outcome of its source takes it (an approval's decision, an event wait's ending). */
function OnChoice({
  edge,
  base,
  errors,
  readOnly,
  patch,
  label,
  help,
  choices,
}: BranchFieldsProps & {
  label: string;
  help?: string;
  choices: ReadonlyArray<readonly [value: string, text: string]>;
}) {
  return (
    <Field id="edge-on" label={label} help={help} error={errorAt(errors, `${base}/on`) ?? errorAt(errors, base)}>
      {(aria) => (
        <select
          {...aria}
          value={edge.on ?? ""}
          disabled={readOnly}
          onChange={(e) => patch({ on: e.target.value || undefined })}
        >
          <option value="">choose…</option>
          {choices.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const APPROVAL_CHOICES = [
  ["approve", "approve"],
  ["reject", "reject"],
] as const;
const EVENT_WAIT_CHOICES = [
  ["event", "the event came (event)"],
  ["timeout", "no event in time (timeout)"],
] as const;

function ApprovalBranch(props: BranchFieldsProps) {
  return <OnChoice {...props} label="Decision" choices={APPROVAL_CHOICES} />;
}

/** An edge out of a wait for an event with a timeout: taken when the event came, or when it did not in time. */
function EventWaitBranch(props: BranchFieldsProps) {
  return (
    <OnChoice
      {...props}
      label="Taken when"
      help="the other edge, or one that says nothing, is taken when the event came"
      choices={EVENT_WAIT_CHOICES}
    />
  );
}

/** The source types whose edges carry what picks the branch; edges from other nodes have only a label. */
const branchFields: Partial<Record<NodeType, ComponentType<BranchFieldsProps>>> = {
  decision: DecisionBranch,
  approval: ApprovalBranch,
};

/** The branch fields of an edge from `source`: by its type, and for a wait only when it waits for an event with a timeout. */
function branchOf(source: FlowDefinition["nodes"][number] | undefined): ComponentType<BranchFieldsProps> | undefined {
  if (!source) return undefined;
  if (source.type === "wait") return source.event?.timeoutMs !== undefined ? EventWaitBranch : undefined;
  return Object.hasOwn(branchFields, source.type) ? branchFields[source.type] : undefined;
}

export function EdgeInspector({ edge, index, doc, errors, readOnly, onCommand }: EdgeInspectorProps) {
  const base = `/edges/${index}`;
  const patch = (p: Record<string, unknown>) => onCommand({ kind: "updateEdge", id: edge.id, patch: p });
  const source = doc.nodes.find((n) => n.id === edge.source);
  const Branch = branchOf(source);
  return (
    <section aria-label={`Edge ${edge.id}`}>
      <h2>
        Edge <code>{edge.id}</code>
      </h2>
      <p className="help">
        {edge.source} → {edge.target}
      </p>
      {Branch ? <Branch edge={edge} base={base} errors={errors} readOnly={readOnly} patch={patch} /> : null}
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
