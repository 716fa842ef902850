/**
 * One node in the inspector: its common fields, then its type's fields looked up in the node fields table. A node
 * of a type the table does not know gets a message in place of those fields; rendering never throws on it.
 */
import type { Catalogue, FlowDefinition, FlowNode, ValidationError } from "@mfo/schemas";
import type { Command } from "../../core/index.js";
import { CommonNodeFields } from "./CommonNodeFields.js";
import { nodeFieldsFor } from "./node-fields.js";

export interface NodeInspectorProps {
  node: FlowNode;
  /** The node's position in `doc.nodes`, which validation errors name. */
  index: number;
  doc: FlowDefinition;
  catalogue: Catalogue | undefined;
  errors: readonly ValidationError[];
  readOnly: boolean;
  onCommand(command: Command): void;
  /** Opens "Test this phase" (offered on a phase of the editable draft when given). */
  onTestPhase?: (() => void) | undefined;
}

export function NodeInspector({
  node,
  index,
  doc,
  catalogue,
  errors,
  readOnly,
  onCommand,
  onTestPhase,
}: NodeInspectorProps) {
  const base = `/nodes/${index}`;
  const patch = (p: Record<string, unknown>) => onCommand({ kind: "updateNode", id: node.id, patch: p });
  const TypeFields = nodeFieldsFor(node.type);
  return (
    <section aria-label={`Node ${node.id}`}>
      <h2>
        {node.type} <code>{node.id}</code>
      </h2>
      {node.type === "phase" && onTestPhase && !readOnly ? (
        <button type="button" className="test-phase" onClick={onTestPhase}>
          Test this phase
        </button>
      ) : null}
      <CommonNodeFields node={node} doc={doc} base={base} errors={errors} readOnly={readOnly} patch={patch} />
      {TypeFields === undefined ? (
        <p role="alert" className="error">
          Unknown node type "{String(node.type)}": only its id and label can be edited here.
        </p>
      ) : TypeFields === null ? null : (
        <TypeFields
          node={node}
          base={base}
          doc={doc}
          catalogue={catalogue}
          errors={errors}
          readOnly={readOnly}
          patch={patch}
        />
      )}
    </section>
  );
}
