/**
 * The inspector: a form for what is selected, dispatching to the panel for it. Nothing: the flow's own fields.
 * A node: its common fields and its type's fields, found in the node fields table (node-fields.ts). An edge: what
 * picks it and its label. Every change is one editing command; errors from validation show on the field they name.
 */
import type { Catalogue, FlowDefinition, ValidationError } from "@mfo/schemas";
import type { Command } from "../../core/index.js";
import { EdgeInspector } from "./EdgeInspector.js";
import { FlowFields } from "./FlowFields.js";
import { NodeInspector } from "./NodeInspector.js";

export interface InspectorProps {
  doc: FlowDefinition;
  catalogue: Catalogue | undefined;
  errors: readonly ValidationError[];
  selection: { nodes: readonly string[]; edges: readonly string[] };
  onCommand(command: Command): void;
  readOnly?: boolean;
  /** Opens "Test this phase" for a phase node (the editor passes it for the editable draft). */
  onTestPhase?: ((nodeId: string) => void) | undefined;
}

/** "3 nodes", "1 edge"; nothing for none. */
const count = (n: number, what: string) => (n === 0 ? "" : `${n} ${what}${n === 1 ? "" : "s"}`);

export function Inspector({
  doc,
  catalogue,
  errors,
  selection,
  onCommand,
  readOnly = false,
  onTestPhase,
}: InspectorProps) {
  const { nodes, edges } = selection;
  let body = <FlowFields doc={doc} errors={errors} readOnly={readOnly} onCommand={onCommand} />;
  if (nodes.length === 1 && edges.length === 0) {
    const index = doc.nodes.findIndex((n) => n.id === nodes[0]);
    const node = doc.nodes[index];
    // Keyed by position, not id: a rename keeps the fields (and the focus in the Id field), since the editor moves
    // the selection to the new id in the same update as the rename; selecting another node gives fresh fields.
    if (node)
      body = (
        <NodeInspector
          key={`node-${index}`}
          node={node}
          index={index}
          doc={doc}
          catalogue={catalogue}
          errors={errors}
          readOnly={readOnly}
          onCommand={onCommand}
          onTestPhase={onTestPhase ? () => onTestPhase(node.id) : undefined}
        />
      );
  } else if (edges.length === 1 && nodes.length === 0) {
    const index = doc.edges.findIndex((e) => e.id === edges[0]);
    const edge = doc.edges[index];
    if (edge)
      body = (
        <EdgeInspector
          key={edge.id}
          edge={edge}
          index={index}
          doc={doc}
          errors={errors}
          readOnly={readOnly}
          onCommand={onCommand}
        />
      );
  } else if (nodes.length + edges.length > 1) {
    const counted = [count(nodes.length, "node"), count(edges.length, "edge")].filter(Boolean).join(" and ");
    body = (
      <p className="help">
        {counted} selected.{" "}
        {nodes.length > 0 ? "Delete, duplicate (Ctrl+D) or drag them together." : "Delete removes them."}
      </p>
    );
  }
  return (
    <aside className="inspector" aria-label="Inspector">
      {body}
    </aside>
  );
}
